import type Dockerode from 'dockerode';
import type { EngineNode, EngineService, EngineTask, StackSnapshot } from './engine-types.js';
import { taskLogs } from './task-logs.js';
import type { FailedTask } from './types.js';

/** What the engine can still tell about each failed task: error, exit code, node, health output and logs. */
export async function failedTaskDetails(options: {
  docker: Dockerode;
  service: EngineService | undefined;
  tasks: readonly EngineTask[];
  nodes: readonly EngineNode[];
  logTail: number;
  signal?: AbortSignal | undefined;
}): Promise<FailedTask[]> {
  const hostnames = new Map(options.nodes.map((node) => [node.ID, node.Description?.Hostname]));
  const test = options.service?.Spec.TaskTemplate?.ContainerSpec?.Healthcheck?.Test;
  const hasHealthcheck = !!test && test.length > 0 && test[0] !== 'NONE';
  return Promise.all(
    options.tasks.map(async (task): Promise<FailedTask> => {
      const containerId = task.Status?.ContainerStatus?.ContainerID;
      const [logs, healthOutput] = await Promise.all([
        options.logTail > 0
          ? taskLogs(options.docker, task.ID, options.logTail, options.signal)
          : [],
        hasHealthcheck && containerId
          ? lastHealthOutput(options.docker, containerId, options.signal)
          : undefined,
      ]);
      return {
        id: task.ID,
        slot: task.Slot,
        state: task.Status?.State ?? 'unknown',
        error: task.Status?.Err || undefined,
        message: task.Status?.Message || undefined,
        exitCode: task.Status?.ContainerStatus?.ExitCode,
        nodeId: task.NodeID || undefined,
        node: task.NodeID ? hostnames.get(task.NodeID) : undefined,
        createdAt: task.CreatedAt,
        healthOutput,
        logs,
      };
    }),
  );
}

/**
 * The output of the last failed healthcheck. The manager can inspect only
 * containers on its own node; elsewhere this is undefined.
 */
async function lastHealthOutput(
  docker: Dockerode,
  containerId: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  try {
    const info = await docker
      .getContainer(containerId)
      .inspect(signal ? { abortSignal: signal } : {});
    const log = info.State?.Health?.Log ?? [];
    const failed = [...log].reverse().find((entry) => entry.ExitCode !== 0);
    return failed?.Output?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Failed tasks reported per service, newest first. */
export const FAILED_TASKS_REPORTED = 10;

/**
 * A failed task's logs and health output are final: fetch them once, as
 * soon as it fails, so the result does not wait for them when the stack
 * reaches its final state.
 */
export class FailedTaskDetails {
  readonly #fetched = new Map<string, Promise<FailedTask>>();

  constructor(
    private readonly options: {
      docker: Dockerode;
      logTail: number;
      signal?: AbortSignal | undefined;
    },
  ) {}

  /** The details of a service's failed tasks (the first `FAILED_TASKS_REPORTED`), fetched once each. */
  of(
    snapshot: StackSnapshot,
    serviceId: string,
    taskIds: readonly string[],
  ): Promise<FailedTask[]> {
    const pending = taskIds.slice(0, FAILED_TASKS_REPORTED).flatMap((taskId) => {
      let fetched = this.#fetched.get(taskId);
      if (!fetched) {
        const task = snapshot.tasks.find((t) => t.ID === taskId);
        if (!task) return [];
        fetched = failedTaskDetails({
          ...this.options,
          service: snapshot.services.get(serviceId),
          tasks: [task],
          nodes: snapshot.nodes,
        }).then(([detail]) => detail as FailedTask);
        this.#fetched.set(taskId, fetched);
      }
      return [fetched];
    });
    return Promise.all(pending);
  }
}
