import { engineStatusCode, stackFilter } from '@swarmlift/core';
import type Dockerode from 'dockerode';
import type { EngineNode, EngineService, EngineTask, StackSnapshot } from './engine-types.js';

/** The services labelled into the stack (`com.docker.stack.namespace`), as the engine lists them. */
export async function listStackServices(options: {
  docker: Dockerode;
  stack: string;
  signal?: AbortSignal | undefined;
}): Promise<EngineService[]> {
  const services = await options.docker.listServices({
    filters: stackFilter(options.stack),
    ...abortable(options.signal),
  });
  return services as unknown as EngineService[];
}

/**
 * One read of the engine: each service (a removed one is left out), all its
 * tasks, the tasks of its current spec, and the nodes. Reads only; judging
 * is the caller's.
 */
export async function readSnapshot(options: {
  docker: Dockerode;
  serviceIds: readonly string[];
  signal?: AbortSignal | undefined;
}): Promise<StackSnapshot> {
  const { docker } = options;
  const signal = abortable(options.signal);
  const [services, nodes] = await Promise.all([
    Promise.all(
      options.serviceIds.map((id) =>
        docker
          .getService(id)
          .inspect(signal)
          .catch((error: unknown) => {
            // Removed during the wait: judged as such, not an engine failure.
            if (engineStatusCode(error) === 404) return undefined;
            throw error;
          }),
      ),
    ),
    docker.listNodes(signal),
  ]);
  const byId = new Map<string, EngineService>();
  for (const service of services as unknown as (EngineService | undefined)[])
    if (service) byId.set(service.ID, service);
  // The engine refuses a task filter naming a service that is gone: ask only for those left.
  const ids = [...byId.keys()];
  const [tasks, upToDate] = ids.length
    ? await Promise.all([
        docker.listTasks({ filters: { service: ids }, ...signal }),
        docker.listTasks({ filters: { service: ids, '_up-to-date': ['true'] }, ...signal }),
      ])
    : [[], []];
  return {
    services: byId,
    tasks: tasks as unknown as EngineTask[],
    upToDateTaskIds: new Set((upToDate as EngineTask[]).map((task) => task.ID)),
    nodes: nodes as unknown as EngineNode[],
  };
}

function abortable(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}
