import type { EngineService, EngineUpdateConfig } from './engine-types.js';
import { DEFAULT_MONITOR_MS } from './judge-service.js';
import { serviceMode } from './service-mode.js';

/** Time allowed per batch for pulling the image and starting a task (and its healthcheck). */
export const TASK_START_ALLOWANCE_MS = 30_000;
/** Added once: reading the stack, scheduling, event delivery. */
export const BASE_ALLOWANCE_MS = 30_000;

/**
 * The timeout when none is given: services update side by side, so the
 * slowest one counts. For each: batches × (delay + monitor + start allowance)
 * for the update, and the same again with the rollback config, where
 * batches = ⌈replicas / parallelism⌉ (parallelism 0: one batch).
 */
export function defaultTimeoutMs(services: readonly EngineService[]): number {
  let slowest = 0;
  for (const service of services) {
    const tasks = taskCount(service);
    const update = phaseMs(service.Spec.UpdateConfig, tasks);
    const rollback = phaseMs(service.Spec.RollbackConfig, tasks);
    slowest = Math.max(slowest, update + rollback);
  }
  return BASE_ALLOWANCE_MS + slowest;
}

function taskCount(service: EngineService): number {
  const mode = service.Spec.Mode ?? {};
  switch (serviceMode(service)) {
    case 'replicated':
      return Math.max(1, mode.Replicated?.Replicas ?? 1);
    case 'replicated-job':
      return Math.max(1, mode.ReplicatedJob?.TotalCompletions ?? 1);
    default:
      return 1; // global: one task per node, updated node by node like replicas; one node is the usual case
  }
}

function phaseMs(config: EngineUpdateConfig | undefined, tasks: number): number {
  const parallelism = config?.Parallelism ?? 1;
  const batches = parallelism <= 0 ? 1 : Math.ceil(tasks / parallelism);
  const delayMs = (config?.Delay ?? 0) / 1e6;
  const monitorMs = config?.Monitor ? config.Monitor / 1e6 : DEFAULT_MONITOR_MS;
  return batches * (delayMs + monitorMs + TASK_START_ALLOWANCE_MS);
}
