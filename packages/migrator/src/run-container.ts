import type { Readable } from 'node:stream';
import { engineMessage, engineStatusCode, raceAbort } from '@swarmlift/core';
import type Docker from 'dockerode';
import { containerSpec } from './container-spec.js';
import { MigratorError } from './errors.js';
import type { RunOneOffResult } from './one-off-types.js';
import type { RunContext } from './run-context.js';
import { ensureStackNetworks } from './stack-networks.js';

/**
 * The guide's way, for engines without Swarm jobs: a container on the manager
 * itself. It joins the stack's first network (attachable overlay networks
 * only) or `networkMode`, streams its output, and is removed on every path.
 */
export async function runContainer(ctx: RunContext): Promise<RunOneOffResult> {
  const { docker } = ctx.options.remote;
  const { options } = ctx;
  let container: Docker.Container | undefined;
  let exited = false;
  let output: Readable | undefined;
  let creating: Promise<Docker.Container> | undefined;
  try {
    const [primary, ...extra] = options.networkMode ? [options.networkMode] : ctx.networks;
    if (!options.networkMode && options.stack && ctx.networks.length) {
      await raceAbort(
        ensureStackNetworks({
          docker,
          stack: options.stack,
          networks: ctx.networks,
          onEvent: options.onEvent,
        }),
        ctx.signal,
      );
      await raceAbort(requireAttachable(docker, ctx.networks), ctx.signal);
    }
    await raceAbort(ensureImage(ctx, docker), ctx.signal);
    creating = docker.createContainer(
      containerSpec({
        name: ctx.name,
        labels: ctx.labels,
        image: options.image,
        command: options.command,
        entrypoint: options.entrypoint,
        env: ctx.env.entries,
        network: primary,
        stopGracePeriodMs: options.stopGracePeriodMs,
      }),
    );
    container = await raceAbort(creating, ctx.signal);
    ctx.taskId = container.id;
    for (const network of extra)
      await raceAbort(docker.getNetwork(network).connect({ Container: container.id }), ctx.signal);
    options.onEvent?.({
      type: 'one_off_created',
      mode: 'container',
      stack: options.stack,
      container: ctx.name,
      containerId: container.id,
      image: options.image,
      command: options.command,
      envKeys: ctx.env.keys,
      networks: primary ? [primary, ...extra] : [],
    });
    // Attached before start, so output is live from the first line. Over an SSH channel the attach
    // stream does not end when the container exits, so the end of the output comes from one
    // complete log read after `wait`, as in job mode.
    output = (await raceAbort(
      container.attach({
        stream: true,
        stdout: true,
        stderr: true,
      }) as unknown as Promise<Readable>,
      ctx.signal,
    )) as Readable;
    output.on('data', (chunk: Buffer) => ctx.logs.push(chunk));
    output.on('error', () => {});
    const node = docker
      .info()
      .then((info: { Name?: string }) => info.Name ?? '')
      .catch(() => '');
    await raceAbort(container.start(), ctx.signal);
    const waited = (await raceAbort(container.wait(), ctx.signal)) as { StatusCode: number };
    exited = true;
    const already = ctx.logs.received();
    output.destroy();
    ctx.logs.discardPartial();
    const complete = await raceAbort(
      container.logs({ follow: false, stdout: true, stderr: true }) as unknown as Promise<Buffer>,
      ctx.signal,
    );
    ctx.logs.fillFrom(
      Buffer.isBuffer(complete) ? complete : Buffer.from(String(complete)),
      already,
    );
    ctx.logs.flush();
    ctx.node = await node;
    options.onEvent?.({
      type: 'one_off_finished',
      mode: 'container',
      stack: options.stack,
      container: ctx.name,
      exitCode: waited.StatusCode,
      durationMs: ctx.elapsedMs,
    });
    return ctx.finish(waited.StatusCode, 'container');
  } catch (error) {
    throw ctx.translate(error);
  } finally {
    output?.destroy();
    // Stopped while the create call was on its way: the container may exist all the same.
    container ??= await creating?.catch(() => undefined);
    if (container && !exited) {
      // Stopped early (timeout, cancellation): SIGTERM first, like the job path's stop grace period.
      const seconds = Math.ceil((options.stopGracePeriodMs ?? 10_000) / 1000);
      await container.stop({ t: seconds }).catch(() => {});
    }
    if (container) await removeContainer(ctx, container);
    ctx.dispose();
  }
}

async function requireAttachable(docker: Docker, networks: readonly string[]): Promise<void> {
  for (const name of networks) {
    const info = (await docker.getNetwork(name).inspect()) as {
      Attachable?: boolean;
      Scope?: string;
    };
    if (info.Scope === 'swarm' && !info.Attachable)
      throw new MigratorError({
        code: 'ONE_OFF_NETWORK_UNUSABLE',
        message: `Network ${name} is not attachable, so a plain container cannot join it`,
        hint: "Declare it with `attachable: true` in the compose file, use mode 'job' (the default), or pass `networkMode`.",
      });
  }
}

/** Like `docker run`: pull only when the manager does not have the image. */
async function ensureImage(ctx: RunContext, docker: Docker): Promise<void> {
  const { image } = ctx.options;
  const auth = ctx.registryAuth;
  try {
    await docker.getImage(image).inspect();
    return;
  } catch (error) {
    if (engineStatusCode(error) !== 404) throw error;
  }
  const started = performance.now();
  try {
    const stream = (await docker.pull(image, auth ? { authconfig: auth } : {})) as Readable;
    await new Promise<void>((resolve, reject) => {
      // followProgress reports success even when a line carries an error: read every line.
      let failure: string | undefined;
      docker.modem.followProgress(
        stream,
        (error: Error | null) =>
          error || failure ? reject(error ?? new Error(failure)) : resolve(),
        (event: { error?: string; errorDetail?: { message?: string } }) => {
          if (event.error || event.errorDetail)
            failure ??= event.errorDetail?.message ?? event.error;
        },
      );
    });
  } catch (error) {
    throw ctx.failure(
      'ONE_OFF_IMAGE_PULL_FAILED',
      `The manager could not pull ${image}: ${engineMessage(error)}`,
      'Check that the image tag was pushed and that `credentials` hold credentials for its registry.',
      { cause: error },
    );
  }
  ctx.options.onEvent?.({
    type: 'image_pulled',
    image,
    durationMs: Math.round(performance.now() - started),
  });
}

async function removeContainer(ctx: RunContext, container: Docker.Container): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await container.remove({ force: true, v: true });
      ctx.options.onEvent?.({
        type: 'one_off_removed',
        mode: 'container',
        stack: ctx.options.stack,
        container: ctx.name,
      });
      return;
    } catch (error) {
      const status = engineStatusCode(error);
      if (status === 404) return;
      // 409: removal already in progress.
      if (status === 409 || attempt >= 2) {
        ctx.options.onEvent?.({
          type: 'warning',
          code: 'ONE_OFF_CLEANUP_FAILED',
          message: `Could not remove the container ${ctx.name}: ${engineMessage(error)}`,
          stack: ctx.options.stack,
          container: ctx.name,
        });
        return;
      }
    }
  }
}
