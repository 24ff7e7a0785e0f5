import type Docker from 'dockerode';
import type { OnMigratorEvent } from './events.js';
import { abortable, sleep } from './sleep.js';

/** Where a job's single task ended (or got stuck). */
export interface JobTaskOutcome {
  kind: 'complete' | 'failed' | 'rejected' | 'unschedulable' | 'lost';
  taskId: string;
  nodeId: string | undefined;
  state: string;
  exitCode: number | undefined;
  /** Swarm's error text for the task, e.g. "No such image: …" or "task: non-zero exit (1)". */
  error: string | undefined;
  message: string;
}

export interface FollowJobTaskOptions {
  docker: Docker;
  serviceId: string;
  signal: AbortSignal;
  pollIntervalMs: number;
  /** How long a task may stay pending with "no suitable node" before the run gives up. */
  unschedulableAfterMs: number;
  onEvent?: OnMigratorEvent | undefined;
  /** Called when the task gets a container (its ID). */
  onContainer?: ((containerId: string) => void) | undefined;
  /** Called once, when the task first has a node. */
  onNode?: ((nodeId: string) => void) | undefined;
}

interface TaskLike {
  ID?: string;
  NodeID?: string;
  Status?: {
    State?: string;
    Message?: string;
    Err?: string;
    Timestamp?: string;
    ContainerStatus?: { ExitCode?: number; ContainerID?: string };
  };
}

const TERMINAL: Record<string, JobTaskOutcome['kind']> = {
  complete: 'complete',
  failed: 'failed',
  rejected: 'rejected',
  shutdown: 'lost',
  orphaned: 'lost',
  remove: 'lost',
};

/**
 * Polls the job's task until it reaches a final state. A replicated job with
 * restart condition `none` has exactly one task, so its end is the job's end.
 * (Swarm 20.10 emits no task events; polling over the one SSH session costs a
 * few ms per call.)
 */
export async function followJobTask(options: FollowJobTaskOptions): Promise<JobTaskOutcome> {
  const filters = JSON.stringify({ service: [options.serviceId] });
  let lastKey = '';
  let unschedulableSince: number | undefined;
  let nodeReported = false;
  for (;;) {
    const tasks = (await abortable(
      options.docker.listTasks({ filters }),
      options.signal,
    )) as TaskLike[];
    const task = pickTask(tasks);
    if (task?.ID) {
      const status = task.Status ?? {};
      const state = status.State ?? 'unknown';
      const key = `${task.ID}/${state}/${status.Err ?? ''}/${status.Message ?? ''}`;
      if (key !== lastKey) {
        lastKey = key;
        options.onEvent?.({
          type: 'task_state',
          taskId: task.ID,
          state,
          message: status.Message ?? '',
          error: status.Err || undefined,
          node: task.NodeID || undefined,
          at: status.Timestamp ?? new Date().toISOString(),
        });
      }
      if (status.ContainerStatus?.ContainerID)
        options.onContainer?.(status.ContainerStatus.ContainerID);
      if (task.NodeID && !nodeReported) {
        nodeReported = true;
        options.onNode?.(task.NodeID);
      }
      const outcome = (kind: JobTaskOutcome['kind']): JobTaskOutcome => ({
        kind,
        taskId: task.ID as string,
        nodeId: task.NodeID || undefined,
        state,
        exitCode: status.ContainerStatus?.ExitCode,
        error: status.Err || undefined,
        message: status.Message ?? '',
      });
      const terminal = TERMINAL[state];
      if (terminal) return outcome(terminal);
      if (
        state === 'pending' &&
        /no suitable node/i.test(`${status.Err ?? ''} ${status.Message ?? ''}`)
      ) {
        unschedulableSince ??= Date.now();
        if (Date.now() - unschedulableSince >= options.unschedulableAfterMs)
          return outcome('unschedulable');
      } else {
        unschedulableSince = undefined;
      }
    }
    await sleep(options.pollIntervalMs, options.signal);
  }
}

/** The newest task: a job with restart condition none has one, but be safe against history. */
function pickTask(tasks: TaskLike[]): TaskLike | undefined {
  if (tasks.length <= 1) return tasks[0];
  return [...tasks].sort((a, b) =>
    (b.Status?.Timestamp ?? '').localeCompare(a.Status?.Timestamp ?? ''),
  )[0];
}
