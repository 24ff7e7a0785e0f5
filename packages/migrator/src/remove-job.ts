import { engineMessage, engineStatusCode } from '@swarmlift/core';
import type Docker from 'dockerode';
import type { MigratorEvent, OnMigratorEvent } from './events.js';
import { compareApiVersions, engineApiVersion, JOB_REMOVAL_FIXED_API } from './job-kind.js';

function cleanupFailed(service: string, stack: string | undefined, reason: string): MigratorEvent {
  return {
    type: 'warning',
    code: 'ONE_OFF_CLEANUP_FAILED',
    message: `Could not clean up after ${service}: ${reason}`,
    stack,
    service,
  };
}

/** Removes the job service (this also stops its task); one retry, then a cleanup_failed event. */
export async function removeJobService(
  service: Docker.Service,
  name: string,
  stack: string | undefined,
  onEvent: OnMigratorEvent | undefined,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await service.remove();
      onEvent?.({ type: 'one_off_removed', mode: 'job', stack, service: name });
      return;
    } catch (error) {
      if (engineStatusCode(error) === 404) return;
      if (attempt >= 2) {
        onEvent?.(cleanupFailed(name, stack, engineMessage(error)));
        return;
      }
    }
  }
}

/** What is left to clean after a job of the given kind was removed. Pure. */
export function orphanCleanup(input: {
  kind: 'replicated-job' | 'replicated';
  apiVersion: string;
  containerId: string | undefined;
}):
  | { action: 'none' }
  | { action: 'remove-container'; containerId: string }
  | { action: 'report'; reason: string } {
  if (input.kind !== 'replicated-job') return { action: 'none' };
  if (compareApiVersions(input.apiVersion, JOB_REMOVAL_FIXED_API) >= 0) return { action: 'none' };
  if (!input.containerId)
    return {
      action: 'report',
      reason:
        'the job was stopped before its task had a container; Docker < 24 may still start it (moby/moby#44312)',
    };
  return { action: 'remove-container', containerId: input.containerId };
}

/**
 * Before Docker 24 a removed job's task stays in the swarm (moby/moby#44312)
 * and its exited container on the node. Remove the container where this API
 * can reach it (the manager's own node); the task record itself can only be
 * cleared by the engine (it is dropped when the manager restarts).
 */
export async function removeOrphanedJobContainer(input: {
  docker: Docker;
  kind: 'replicated-job' | 'replicated';
  containerId: string | undefined;
  name: string;
  stack: string | undefined;
  onEvent: OnMigratorEvent | undefined;
}): Promise<void> {
  const { docker, name, stack, onEvent } = input;
  if (input.kind !== 'replicated-job') return;
  try {
    const plan = orphanCleanup({
      kind: input.kind,
      apiVersion: await engineApiVersion(docker),
      containerId: input.containerId,
    });
    if (plan.action === 'none') return;
    if (plan.action === 'report') {
      onEvent?.(cleanupFailed(name, stack, plan.reason));
      return;
    }
    await docker.getContainer(plan.containerId).remove({ force: true, v: true });
  } catch (error) {
    const reason =
      engineStatusCode(error) === 404
        ? `the job's container ${input.containerId?.slice(0, 12)} is on another node; Docker < 24 does not remove it (moby/moby#44312)`
        : engineMessage(error);
    onEvent?.(cleanupFailed(name, stack, reason));
  }
}
