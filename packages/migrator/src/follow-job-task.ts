import { raceAbort, sleep } from '@swarmlift/core';
import type Docker from 'dockerode';
import type { OnMigratorEvent } from './events.js';
import { type EngineTask, type JobTaskOutcome, judgeJobTask } from './judge-job-task.js';

export interface FollowJobTaskOptions {
  docker: Docker;
  serviceId: string;
  /** The job service's name, for the events. */
  service: string;
  stack: string | undefined;
  signal: AbortSignal;
  pollIntervalMs: number;
  /** How long a task may stay pending with "no suitable node" before the run gives up. */
  unschedulableAfterMs: number;
  onEvent?: OnMigratorEvent | undefined;
  /** The host name of a node (asked once, when the task first has a node). */
  nodeName: (nodeId: string) => Promise<string>;
  /** Called when the task gets a container (its ID). */
  onContainer?: ((containerId: string) => void) | undefined;
}

/**
 * Polls the job's task until `judgeJobTask` says it is over, reporting every
 * state change as a `task_state` event. (Swarm 20.10 emits no task events;
 * polling over the one SSH session costs a few ms per call.)
 */
export async function followJobTask(
  options: FollowJobTaskOptions,
): Promise<{ outcome: JobTaskOutcome; node: string | undefined }> {
  const filters = JSON.stringify({ service: [options.serviceId] });
  let lastKey = '';
  let unschedulableSince: number | undefined;
  const nodes = new Map<string, string>();
  for (;;) {
    const tasks = (await raceAbort(
      options.docker.listTasks({ filters }),
      options.signal,
    )) as EngineTask[];
    const verdict = judgeJobTask({
      tasks,
      now: Date.now(),
      unschedulableSince,
      unschedulableAfterMs: options.unschedulableAfterMs,
    });
    unschedulableSince = verdict.unschedulableSince;
    const { task } = verdict;
    let node: string | undefined;
    if (task?.nodeId) {
      node = nodes.get(task.nodeId);
      if (node === undefined) {
        node = await raceAbort(options.nodeName(task.nodeId), options.signal);
        nodes.set(task.nodeId, node);
      }
    }
    if (task) {
      if (task.key !== lastKey) {
        lastKey = task.key;
        options.onEvent?.({
          type: 'task_state',
          stack: options.stack,
          service: options.service,
          taskId: task.taskId,
          slot: task.slot,
          node,
          state: task.state,
          desiredState: task.desiredState,
          message: task.message || undefined,
          error: task.error,
          exitCode: task.exitCode,
          at: task.at,
        });
      }
      if (task.containerId) options.onContainer?.(task.containerId);
    }
    if (verdict.outcome) return { outcome: verdict.outcome, node };
    await sleep(options.pollIntervalMs, options.signal);
  }
}
