import type { EngineService, EngineTask, StackSnapshot } from './engine-types.js';
import type { Verdict } from './judge-service.js';
import { reasonWithLostNodes } from './lost-nodes.js';
import type { WaitTarget } from './resolve-targets.js';
import { serviceMode } from './service-mode.js';
import type {
  FailedTask,
  LostNode,
  ServiceWaitResult,
  StackWaitResult,
  StackWaitStatus,
} from './types.js';

/** One service's line of the result, from the last snapshot and its verdict. Pure. */
export function serviceResult(input: {
  target: WaitTarget;
  snapshot: StackSnapshot | undefined;
  verdict: Verdict | undefined;
  failedTasks: FailedTask[];
  /** Nodes lost during the wait: the reason says which held this service's tasks. */
  lostNodes?: readonly LostNode[] | undefined;
}): ServiceWaitResult {
  const { target, verdict } = input;
  const service = input.snapshot?.services.get(target.id);
  const tasks = input.snapshot?.tasks.filter((task) => task.ServiceID === target.id) ?? [];
  const counts = verdict ?? unjudgedCounts(service, tasks);
  const outcome =
    target.kind === 'unchanged'
      ? 'unchanged'
      : target.kind === 'missing'
        ? 'failed'
        : (verdict?.outcome ?? 'pending');
  return {
    name: target.name,
    id: target.id,
    mode: service ? serviceMode(service) : 'replicated',
    outcome,
    running: counts.running,
    desired: counts.desired,
    updateState: verdict?.updateState,
    reason:
      target.kind === 'missing'
        ? 'the deploy record names this service, but it no longer exists'
        : reasonWithLostNodes({
            service: target.name,
            outcome,
            reason: verdict?.reason,
            lostNodes: input.lostNodes ?? [],
          }),
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
  /** Nodes lost during the wait (WaitState's), in the order they were lost. */
  lostNodes?: readonly LostNode[] | undefined;
}): StackWaitResult {
  const { status, snapshot } = input;
  const lostNodes = [...(input.lostNodes ?? [])];
  const services = input.services.map((service) =>
    serviceResult({ ...service, snapshot, lostNodes }),
  );
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
    lostNodes,
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
