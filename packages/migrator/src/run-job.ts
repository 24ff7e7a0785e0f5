import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { followJobTask, type JobTaskOutcome } from './follow-job-task.js';
import {
  compareApiVersions,
  engineApiVersion,
  JOB_REMOVAL_FIXED_API,
  type JobKind,
  resolveJobKind,
} from './job-kind.js';
import type { RunOneOffResult } from './one-off-types.js';
import { resolveImageDigest } from './resolve-image-digest.js';
import type { RunContext } from './run-context.js';
import { abortable } from './sleep.js';
import { ensureStackNetworks } from './stack-networks.js';

/** Swarm's task error text when the node could not get the image. */
const PULL_ERROR =
  /no such image|pull access denied|manifest unknown|manifest for .* not found|unauthorized|authentication required|no basic auth credentials|repository does not exist/i;

/**
 * Runs the command as a Swarm replicated job (one task, never restarted) on
 * the stack's networks, follows its logs live, reads the exit code from the
 * task and removes the job service on every path.
 */
export async function runJob(ctx: RunContext): Promise<RunOneOffResult> {
  const { docker } = ctx.options.remote;
  const { options } = ctx;
  let service: Docker.Service | undefined;
  let logStream: Readable | undefined;
  let nodeName: Promise<string> | undefined;
  let kind: JobKind = 'replicated-job';
  let containerId: string | undefined;
  let creating: Promise<Docker.Service> | undefined;
  try {
    kind = await abortable(resolveJobKind(docker, options.jobKind), ctx.signal);
    if (options.stack && ctx.networks.length)
      await abortable(
        ensureStackNetworks({
          docker,
          stack: options.stack,
          networks: ctx.networks,
          onEvent: options.onEvent,
        }),
        ctx.signal,
      );
    void localNodeId(docker);
    const image = await pinImage(ctx, docker);
    creating = docker.createService(toAuthConfig(options.auth) as never, jobSpec(ctx, kind, image));
    service = await abortable(creating, ctx.signal);
    const serviceId = service.id as string;
    options.onEvent?.({
      type: 'one_off_created',
      mode: 'job',
      name: ctx.name,
      id: serviceId,
      image,
      command: options.command,
      envKeys: ctx.env.keys,
      networks: ctx.networks,
    });
    // Logs are a bonus to the exit code: a log driver that cannot be read (e.g. awslogs) must not fail the run.
    try {
      logStream = await abortable(
        service.logs({ follow: true, stdout: true, stderr: true }) as unknown as Promise<Readable>,
        ctx.signal,
      );
      logStream.on('data', (chunk: Buffer) => ctx.logs.push(chunk));
      logStream.on('error', () => {}); // destroyed on purpose below; the complete read covers any gap
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      options.onEvent?.({
        type: 'logs_unavailable',
        name: ctx.name,
        reason: (error as Error).message,
      });
    }
    const outcome = await followJobTask({
      docker,
      serviceId,
      signal: ctx.signal,
      pollIntervalMs: options.pollIntervalMs ?? 50,
      unschedulableAfterMs: options.unschedulableAfterMs ?? 10_000,
      onEvent: options.onEvent,
      onContainer: (id) => {
        containerId = id;
      },
      onNode: (nodeId) => {
        nodeName = docker
          .getNode(nodeId)
          .inspect()
          .then(
            (node: { Description?: { Hostname?: string } }) => node.Description?.Hostname ?? nodeId,
          )
          .catch(() => nodeId);
      },
    });
    ctx.taskId = outcome.taskId;
    // The followed stream may still be behind: read the task's complete log once and add what is missing.
    const already = ctx.logs.received();
    logStream?.destroy();
    ctx.logs.discardPartial();
    if (logStream && (outcome.kind === 'complete' || outcome.kind === 'failed')) {
      // On the node this API runs on, the container's own log is one local read; elsewhere it
      // goes through Swarm's log broker (manager → agent), which takes ~100 ms longer.
      const local = containerId !== undefined && outcome.nodeId === (await localNodeId(docker));
      const read = local
        ? docker
            .getContainer(containerId as string)
            .logs({ follow: false, stdout: true, stderr: true })
        : service.logs({ follow: false, stdout: true, stderr: true });
      const complete = await abortable(read as unknown as Promise<Buffer>, ctx.signal);
      ctx.logs.fillFrom(
        Buffer.isBuffer(complete) ? complete : Buffer.from(String(complete)),
        already,
      );
    }
    ctx.logs.flush();
    ctx.node = nodeName ? await nodeName : outcome.nodeId;
    return { ...conclude(ctx, outcome), jobKind: kind, image };
  } catch (error) {
    throw ctx.translate(error);
  } finally {
    logStream?.destroy();
    // Stopped while the create call was on its way: the service may exist all the same.
    service ??= await creating?.catch(() => undefined);
    if (service) await removeService(ctx, service);
    if (service && kind === 'replicated-job')
      await removeOrphanedJobContainer(ctx, docker, containerId);
    ctx.dispose();
  }
}

function conclude(ctx: RunContext, outcome: JobTaskOutcome): RunOneOffResult {
  const exitCode = outcome.exitCode;
  if (outcome.kind === 'complete') {
    ctx.options.onEvent?.({
      type: 'one_off_finished',
      name: ctx.name,
      exitCode: exitCode ?? 0,
      durationMs: ctx.elapsedMs,
    });
    return ctx.finish(exitCode ?? 0, 'job');
  }
  const reason = outcome.error || outcome.message || outcome.state;
  if (
    outcome.kind === 'failed' &&
    exitCode !== undefined &&
    exitCode !== 0 &&
    /non-zero exit/i.test(reason)
  ) {
    ctx.options.onEvent?.({
      type: 'one_off_finished',
      name: ctx.name,
      exitCode,
      durationMs: ctx.elapsedMs,
    });
    return ctx.finish(exitCode, 'job');
  }
  if (outcome.kind === 'unschedulable')
    throw ctx.failure(
      'NO_SUITABLE_NODE',
      `No node can run ${ctx.name}: ${reason}`,
      'Check the placement constraints, node availability (drained or paused nodes) and resource reservations; `docker node ls` shows the nodes.',
    );
  if (PULL_ERROR.test(reason))
    throw ctx.failure(
      'IMAGE_PULL_FAILED',
      `The node could not pull ${ctx.options.image}: ${reason}`,
      'Check that the image tag was pushed and that `auth` holds credentials for its registry (each node pulls with them).',
      exitCode,
    );
  if (outcome.kind === 'lost')
    throw ctx.failure(
      'ONE_OFF_LOST',
      `The task of ${ctx.name} ended as "${outcome.state}" before it finished: ${reason}`,
      'Swarm stopped the task (node lost, or the job was removed by someone else, e.g. a `docker stack rm` or a deploy with --prune); run it again.',
      exitCode,
    );
  throw ctx.failure(
    'ONE_OFF_START_FAILED',
    `${ctx.name} could not start: ${reason}`,
    'The container did not start: check the command (is the executable in the image?), the entrypoint and the env.',
    exitCode,
  );
}

const localNodeIds = new WeakMap<Docker, Promise<string | undefined>>();

/** The swarm node ID of the engine this dockerode talks to, asked once. */
function localNodeId(docker: Docker): Promise<string | undefined> {
  let id = localNodeIds.get(docker);
  if (!id) {
    id = docker
      .info()
      .then((info: { Swarm?: { NodeID?: string } }) => info.Swarm?.NodeID || undefined)
      .catch(() => undefined);
    localNodeIds.set(docker, id);
  }
  return id;
}

/** The image to put in the spec: pinned to its digest unless the caller opted out or no registry answered. */
async function pinImage(ctx: RunContext, docker: Docker): Promise<string> {
  const { options } = ctx;
  if (options.resolveImage === false) return options.image;
  const resolved = await abortable(
    resolveImageDigest(docker, options.image, options.auth),
    ctx.signal,
  );
  if (resolved.kind === 'missing')
    throw ctx.failure(
      'IMAGE_PULL_FAILED',
      `The registry has no ${options.image} (or refused the credentials): ${resolved.reason}`,
      'Check that the image tag was pushed and that `auth` holds credentials for its registry (each node pulls with them).',
    );
  options.onEvent?.({
    type: 'image_resolved',
    image: options.image,
    pinned: resolved.kind === 'pinned' ? resolved.image : undefined,
    reason: resolved.kind === 'unresolved' ? resolved.reason : undefined,
  });
  return resolved.image;
}

function jobSpec(ctx: RunContext, kind: JobKind, image: string): Record<string, unknown> {
  const { options } = ctx;
  return {
    Name: ctx.name,
    Labels: ctx.labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: image,
        ...(options.entrypoint
          ? { Command: [...options.entrypoint], Args: [...options.command] }
          : { Args: [...options.command] }),
        Env: ctx.env.entries,
        Labels: ctx.labels,
        ...(options.stopGracePeriodMs !== undefined
          ? { StopGracePeriod: Math.round(options.stopGracePeriodMs * 1e6) }
          : {}),
      },
      RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
      ...(options.constraints?.length
        ? { Placement: { Constraints: [...options.constraints] } }
        : {}),
      Networks: ctx.networks.map((Target) => ({ Target })),
    },
    Mode:
      kind === 'replicated-job'
        ? { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } }
        : { Replicated: { Replicas: 1 } },
  };
}

function toAuthConfig(auth: RunContext['options']['auth']): Record<string, string> | undefined {
  if (!auth) return undefined;
  return Object.fromEntries(
    Object.entries(auth).filter(([, v]) => typeof v === 'string'),
  ) as Record<string, string>;
}

/** Removes the job service (this also stops its task); one retry, then a cleanup_failed event. */
async function removeService(ctx: RunContext, service: Docker.Service): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await service.remove();
      ctx.options.onEvent?.({ type: 'one_off_removed', name: ctx.name, mode: 'job' });
      return;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return;
      if (attempt >= 2) {
        ctx.options.onEvent?.({
          type: 'cleanup_failed',
          name: ctx.name,
          reason: (error as Error).message,
        });
        return;
      }
    }
  }
}

/**
 * Before Docker 24 a removed job's task stays in the swarm (moby/moby#44312)
 * and its exited container on the node. Remove the container where this API
 * can reach it (the manager's own node); the task record itself can only be
 * cleared by the engine (it is dropped when the manager restarts).
 */
async function removeOrphanedJobContainer(
  ctx: RunContext,
  docker: Docker,
  containerId: string | undefined,
): Promise<void> {
  try {
    if (compareApiVersions(await engineApiVersion(docker), JOB_REMOVAL_FIXED_API) >= 0) return;
    if (!containerId) {
      ctx.options.onEvent?.({
        type: 'cleanup_failed',
        name: ctx.name,
        reason:
          'the job was stopped before its task had a container; Docker < 24 may still start it (moby/moby#44312)',
      });
      return;
    }
    await docker.getContainer(containerId).remove({ force: true, v: true });
  } catch (error) {
    const reason =
      (error as { statusCode?: number }).statusCode === 404
        ? `the job's container ${containerId?.slice(0, 12)} is on another node; Docker < 24 does not remove it (moby/moby#44312)`
        : (error as Error).message;
    ctx.options.onEvent?.({ type: 'cleanup_failed', name: ctx.name, reason });
  }
}
