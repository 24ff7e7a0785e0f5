import type { EngineService, EngineTask, StackSnapshot } from './engine-types.js';
import type { Verdict } from './judge-service.js';
import type { WaitTarget } from './resolve-targets.js';
import { serviceMode } from './service-mode.js';
import type { FailedTask, ServiceWaitResult, StackWaitResult, StackWaitStatus } from './types.js';

/** One service's line of the result, from the last snapshot and its verdict. Pure. */
export function serviceResult(input: {
  target: WaitTarget;
  snapshot: StackSnapshot | undefined;
  verdict: Verdict | undefined;
  failedTasks: FailedTask[];
}): ServiceWaitResult {
  const { target, verdict } = input;
  const service = input.snapshot?.services.get(target.id);
  const tasks = input.snapshot?.tasks.filter((task) => task.ServiceID === target.id) ?? [];
  const counts = verdict ?? unjudgedCounts(service, tasks);
  return {
    name: target.name,
    id: target.id,
    mode: service ? serviceMode(service) : 'replicated',
    outcome:
      target.kind === 'unchanged'
        ? 'unchanged'
        : target.kind === 'missing'
          ? 'failed'
          : (verdict?.outcome ?? 'pending'),
    running: counts.running,
    desired: counts.desired,
    updateState: verdict?.updateState,
    reason:
      target.kind === 'missing'
        ? 'the deploy record names this service, but it no longer exists'
        : verdict?.reason,
    failedTasks: input.failedTasks,
  };
}

/** The whole result, a service line per target in their order. Pure. */
export function buildResult(input: {
  stack: string;
  status: StackWaitStatus;
  rollbackIsSuccess: boolean;
  startedMs: number;
  finishedMs: number;
  timeoutMs: number;
  snapshot: StackSnapshot | undefined;
  services: ReadonlyArray<{
    target: WaitTarget;
    verdict: Verdict | undefined;
    failedTasks: FailedTask[];
  }>;
}): StackWaitResult {
  const { status, snapshot } = input;
  const services = input.services.map((service) => serviceResult({ ...service, snapshot }));
  return {
    stack: input.stack,
    status,
    ok: status === 'converged' || (status === 'rolled_back' && input.rollbackIsSuccess),
    startedAt: new Date(input.startedMs).toISOString(),
    finishedAt: new Date(input.finishedMs).toISOString(),
    durationMs: input.finishedMs - input.startedMs,
    timeoutMs: input.timeoutMs,
    services,
    pending: services.filter((s) => s.outcome === 'pending').map((s) => s.name),
  };
}

/** Counts of a service the wait does not judge (untouched by the deploy). */
function unjudgedCounts(service: EngineService | undefined, tasks: readonly EngineTask[]) {
  const running = tasks.filter(
    (task) => task.DesiredState === 'running' && task.Status?.State === 'running',
  ).length;
  const desired = service?.Spec.Mode?.Replicated?.Replicas ?? running;
  return { running, desired };
}
