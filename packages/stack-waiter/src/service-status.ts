import { tryParseImageReference } from '@swarmlift/core';
import type { EngineNode, EngineService, EngineTask } from './engine-types.js';
import { serviceMode } from './service-mode.js';
import type { ServiceModeName } from './types.js';

/** The newest error the engine still keeps for one of a service's tasks. */
export interface TaskError {
  taskId: string;
  /** Replica slot (replicated services). */
  slot: number | undefined;
  /** Node host name, when the node is known. */
  node: string | undefined;
  /** The task's state then: `failed`, `rejected`, `pending`, … */
  state: string;
  /** `Status.Err`, e.g. `task: non-zero exit (1)` or `no suitable node …`. */
  error: string;
  exitCode: number | undefined;
  /** When the engine recorded it (ISO 8601, the engine's clock). */
  at: string | undefined;
}

/** One service of a stack as it is now (`readStackStatus`). */
export interface ServiceStatus {
  /** Full service name, e.g. `shop_web`. */
  name: string;
  id: string;
  mode: ServiceModeName;
  /** The image as the spec names it, without the digest, e.g. `ghcr.io/acme/shop/django-app:3fa91c2`. */
  image: string;
  /** Its tag (the version swarmlift deployed), when it has one. */
  version: string | undefined;
  /** The digest the spec pins (`sha256:…`), when pinned. */
  digest: string | undefined;
  /** Tasks running now (replicated: distinct slots; global: distinct nodes; jobs: completed). */
  running: number;
  /** Replicas wanted (global: nodes with a task to run; jobs: completions wanted). */
  desired: number;
  /** `UpdateStatus.State` (`updating`, `completed`, `paused`, `rollback_started`, …), if any. */
  updateState: string | undefined;
  /** `UpdateStatus.Message`, if any. */
  updateMessage: string | undefined;
  /** The newest task error the engine keeps, however old (see its `at`). */
  lastError: TaskError | undefined;
  /** Runs as desired and no update is in progress, paused or rolling back. Jobs are always ok. */
  ok: boolean;
  /** Why not ok, in a few words; undefined when ok. */
  problem: string | undefined;
}

/** Update states in which a service does not run the spec it should, steadily. */
const UNSETTLED: Record<string, string> = {
  updating: 'update in progress',
  paused: 'update paused',
  rollback_started: 'rolling back',
  rollback_paused: 'rollback paused',
};

/**
 * Judges one service from its tasks and the nodes, as `docker service ls`
 * counts but stricter: a replicated service counts each slot once (a
 * start-first update's two tasks are one replica), a global one each node
 * once, and a task on a node that is down does not run. Pure.
 */
export function judgeServiceStatus(input: {
  service: EngineService;
  /** The service's tasks (others are ignored). */
  tasks: readonly EngineTask[];
  nodes: readonly EngineNode[];
  /** The engine's clock (ms): with it, a task of the current spec that failed lately makes the service not ok. */
  now?: number | undefined;
}): ServiceStatus {
  const { service } = input;
  const tasks = input.tasks.filter((task) => task.ServiceID === service.ID);
  const downNodes = new Set(
    input.nodes.filter((node) => node.Status?.State === 'down').map((node) => node.ID),
  );
  const hostnames = new Map(input.nodes.map((node) => [node.ID, node.Description?.Hostname]));
  const mode = serviceMode(service);
  const live = tasks.filter(
    (task) => task.DesiredState === 'running' && !(task.NodeID && downNodes.has(task.NodeID)),
  );
  const isRunning = (task: EngineTask) => task.Status?.State === 'running';

  let running: number;
  let desired: number;
  if (mode === 'replicated') {
    desired = service.Spec.Mode?.Replicated?.Replicas ?? 1;
    running = new Set(live.filter(isRunning).map((task) => task.Slot ?? 0)).size;
  } else if (mode === 'global') {
    desired = new Set(live.map((task) => task.NodeID).filter(Boolean)).size;
    running = new Set(
      live
        .filter(isRunning)
        .map((task) => task.NodeID)
        .filter(Boolean),
    ).size;
  } else {
    const job = service.Spec.Mode?.ReplicatedJob;
    const iteration = service.JobStatus?.JobIteration?.Index;
    const current = tasks.filter(
      (task) => iteration === undefined || task.JobIteration?.Index === iteration,
    );
    running = current.filter((task) => task.Status?.State === 'complete').length;
    desired =
      mode === 'replicated-job'
        ? job?.TotalCompletions || job?.MaxConcurrent || 1
        : new Set(current.map((task) => task.NodeID).filter(Boolean)).size;
  }

  const updateState = service.UpdateStatus?.State || undefined;
  const updateMessage = service.UpdateStatus?.Message || undefined;
  const image = imageParts(service.Spec.TaskTemplate?.ContainerSpec?.Image ?? '');
  let problem: string | undefined;
  if (mode === 'replicated-job' || mode === 'global-job') problem = undefined;
  else if (updateState && UNSETTLED[updateState])
    problem = `${UNSETTLED[updateState]}${updateMessage ? `: ${updateMessage}` : ''}`;
  else if (mode === 'global' && desired === 0) problem = 'no task scheduled on any node';
  else if (running < desired) problem = `${running}/${desired} running`;
  else {
    const failed = recentFailures(tasks, service, input.now);
    // A crash loop shows every slot running between two crashes.
    if (failed > 0)
      problem = `restarting: ${failed} ${failed === 1 ? 'task' : 'tasks'} failed in the last minute`;
  }

  return {
    name: service.Spec.Name ?? service.ID,
    id: service.ID,
    mode,
    ...image,
    running,
    desired,
    updateState,
    updateMessage,
    lastError: lastTaskError(tasks, hostnames),
    ok: problem === undefined,
    problem,
  };
}

/** Failures older than this no longer count against a running service. */
export const RECENT_FAILURE_MS = 60_000;

/**
 * Tasks that failed (or were rejected) within RECENT_FAILURE_MS of `now` and
 * after the service's spec last changed — so a fix's update clears them.
 */
function recentFailures(
  tasks: readonly EngineTask[],
  service: EngineService,
  now: number | undefined,
): number {
  if (now === undefined) return 0;
  const since = Math.max(now - RECENT_FAILURE_MS, Date.parse(service.UpdatedAt ?? '') || 0);
  return tasks.filter((task) => {
    const state = task.Status?.State;
    if (state !== 'failed' && state !== 'rejected') return false;
    const at = Date.parse(task.Status?.Timestamp ?? '') || 0;
    return at >= since && at <= now + RECENT_FAILURE_MS;
  }).length;
}

/** `registry/name:tag@sha256:…` → the reference without digest, its tag and its digest. */
export function imageParts(reference: string): Pick<ServiceStatus, 'image' | 'version' | 'digest'> {
  const at = reference.indexOf('@');
  const image = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? undefined : reference.slice(at + 1) || undefined;
  const parsed = tryParseImageReference(image);
  return { image, version: parsed?.tag, digest };
}

/** The task with the newest recorded error (`Status.Err`), whatever its state now. */
function lastTaskError(
  tasks: readonly EngineTask[],
  hostnames: ReadonlyMap<string, string | undefined>,
): TaskError | undefined {
  const timeOf = (task: EngineTask) =>
    Date.parse(task.Status?.Timestamp ?? task.UpdatedAt ?? task.CreatedAt ?? '') || 0;
  const newest = tasks
    .filter((task) => !!task.Status?.Err)
    .sort((a, b) => timeOf(b) - timeOf(a))[0];
  if (!newest) return undefined;
  const exitCode = newest.Status?.ContainerStatus?.ExitCode;
  return {
    taskId: newest.ID,
    slot: newest.Slot || undefined,
    node: newest.NodeID ? hostnames.get(newest.NodeID) : undefined,
    state: newest.Status?.State ?? 'unknown',
    error: newest.Status?.Err ?? '',
    exitCode: exitCode === undefined || exitCode === 0 ? undefined : exitCode,
    at: newest.Status?.Timestamp ?? newest.UpdatedAt,
  };
}
