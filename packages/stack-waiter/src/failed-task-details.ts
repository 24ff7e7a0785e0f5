import type Dockerode from 'dockerode';
import type { EngineNode, EngineService, EngineTask } from './engine-types.js';
import { taskLogs } from './task-logs.js';
import type { FailedTask } from './types.js';

/** What the engine can still tell about each failed task: error, exit code, node, health output and logs. */
export async function failedTaskDetails(options: {
  docker: Dockerode;
  service: EngineService | undefined;
  tasks: readonly EngineTask[];
  nodes: readonly EngineNode[];
  logTail: number;
}): Promise<FailedTask[]> {
  const hostnames = new Map(options.nodes.map((node) => [node.ID, node.Description?.Hostname]));
  const test = options.service?.Spec.TaskTemplate?.ContainerSpec?.Healthcheck?.Test;
  const hasHealthcheck = !!test && test.length > 0 && test[0] !== 'NONE';
  return Promise.all(
    options.tasks.map(async (task): Promise<FailedTask> => {
      const containerId = task.Status?.ContainerStatus?.ContainerID;
      const [logs, healthOutput] = await Promise.all([
        options.logTail > 0 ? taskLogs(options.docker, task.ID, options.logTail) : [],
        hasHealthcheck && containerId ? lastHealthOutput(options.docker, containerId) : undefined,
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
): Promise<string | undefined> {
  try {
    const info = await docker.getContainer(containerId).inspect();
    const log = info.State?.Health?.Log ?? [];
    const failed = [...log].reverse().find((entry) => entry.ExitCode !== 0);
    return failed?.Output?.trim() || undefined;
  } catch {
    return undefined;
  }
}
