import { raceAbort } from '@swarmlift/core';
import type Docker from 'dockerode';
import { nodeHostname } from './engine-node.js';
import { JobLogs } from './follow-job-logs.js';
import { followJobTask } from './follow-job-task.js';
import { type JobKind, resolveJobKind } from './job-kind.js';
import { jobSpec } from './job-spec.js';
import { judgeJobOutcome } from './judge-job-outcome.js';
import type { RunOneOffResult } from './one-off-types.js';
import { pinImage } from './pin-image.js';
import { removeJobService, removeOrphanedJobContainer } from './remove-job.js';
import type { RunContext } from './run-context.js';
import { ensureStackNetworks } from './stack-networks.js';

/**
 * Runs the command as a Swarm replicated job (one task, never restarted) on
 * the stack's networks — create the job, follow its logs and its task, judge
 * the outcome — and removes the job on every path (also when stopped).
 */
export async function runJob(ctx: RunContext): Promise<RunOneOffResult> {
  const { docker } = ctx.options.remote;
  const { options, signal } = ctx;
  const { onEvent, stack } = options;
  let kind: JobKind = 'replicated-job';
  let creating: Promise<Docker.Service> | undefined;
  let service: Docker.Service | undefined;
  let logs: JobLogs | undefined;
  let containerId: string | undefined;
  try {
    kind = await raceAbort(resolveJobKind(docker, options.jobKind), signal);
    if (stack && ctx.networks.length)
      await raceAbort(
        ensureStackNetworks({ docker, stack, networks: ctx.networks, onEvent }),
        signal,
      );
    const image = await pinImage(ctx);
    creating = docker.createService(
      ctx.registryAuth as never,
      jobSpec({
        name: ctx.name,
        labels: ctx.labels,
        image,
        kind,
        command: options.command,
        entrypoint: options.entrypoint,
        env: ctx.env.entries,
        networks: ctx.networks,
        constraints: options.constraints,
        stopGracePeriodMs: options.stopGracePeriodMs,
      }),
    );
    service = await raceAbort(creating, signal);
    onEvent?.({
      type: 'one_off_created',
      mode: 'job',
      stack,
      service: ctx.name,
      serviceId: service.id as string,
      image,
      command: options.command,
      envKeys: ctx.env.keys,
      networks: ctx.networks,
    });

    logs = new JobLogs({ docker, service, logs: ctx.logs, signal });
    const unavailable = await logs.follow();
    if (unavailable)
      onEvent?.({
        type: 'warning',
        code: 'ONE_OFF_LOGS_UNAVAILABLE',
        message: `The logs of ${ctx.name} cannot be read (${unavailable.reason}); the run goes on for its exit code`,
        stack,
        service: ctx.name,
      });

    const { outcome, node } = await followJobTask({
      docker,
      serviceId: service.id as string,
      service: ctx.name,
      stack,
      signal,
      pollIntervalMs: options.pollIntervalMs ?? 50,
      unschedulableAfterMs: options.unschedulableAfterMs ?? 10_000,
      onEvent,
      nodeName: (nodeId) => nodeHostname(docker, nodeId),
      onContainer: (id) => {
        containerId = id;
      },
    });
    ctx.taskId = outcome.taskId;
    ctx.node = node ?? outcome.nodeId;
    const ran = outcome.kind === 'complete' || outcome.kind === 'failed';
    await logs.finish(ran ? { containerId, taskNodeId: outcome.nodeId } : undefined);

    const verdict = judgeJobOutcome(outcome, { name: ctx.name, image: options.image });
    if (verdict.kind === 'failed')
      throw ctx.failure(verdict.code, verdict.message, verdict.hint, {
        exitCode: verdict.exitCode,
      });
    onEvent?.({
      type: 'one_off_finished',
      mode: 'job',
      stack,
      service: ctx.name,
      exitCode: verdict.exitCode,
      durationMs: ctx.elapsedMs,
    });
    return { ...ctx.finish(verdict.exitCode, 'job'), jobKind: kind, image };
  } catch (error) {
    throw ctx.translate(error);
  } finally {
    logs?.stop();
    // Stopped while the create call was on its way: the service may exist all the same.
    service ??= await creating?.catch(() => undefined);
    if (service) {
      await removeJobService(service, ctx.name, stack, onEvent);
      await removeOrphanedJobContainer({
        docker,
        kind,
        containerId,
        name: ctx.name,
        stack,
        onEvent,
      });
    }
    ctx.dispose();
  }
}
