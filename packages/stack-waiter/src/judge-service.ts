import type { EngineService, EngineTask } from './engine-types.js';
import { serviceMode } from './service-mode.js';
import type { ServiceOutcome } from './types.js';

/** Swarm's default `update_config.monitor` (5 s), used when a service sets none. */
export const DEFAULT_MONITOR_MS = 5_000;

const FAILED_STATES = new Set(['failed', 'rejected']);

/** What this deploy did to a service, and from when its own traces start. */
export interface ServiceExpectation {
  /** `create`/`update`: from a deploy record; `current`: no record, judge the current spec. */
  action: 'create' | 'update' | 'current';
  /** The ForceUpdate this deploy applied (record only). */
  forceUpdate?: number | undefined;
  /**
   * Engine-clock epoch ms: update states that started earlier belong to an
   * earlier deploy and are ignored.
   */
  sinceMs?: number | undefined;
}

export interface JudgeInput {
  service: EngineService;
  /** Every task of the service the engine still keeps. */
  tasks: readonly EngineTask[];
  /** Tasks of the service's current spec (the engine's `_up-to-date` filter). */
  upToDateTaskIds: ReadonlySet<string>;
  /** Nodes not `down`. */
  activeNodeIds: ReadonlySet<string>;
  expectation: ServiceExpectation;
  /** Local clock, epoch ms; used only to time the monitor period. */
  now: number;
  /** When the service was last seen fully running (from the previous verdict). */
  stableSince: number | undefined;
  /** Failed tasks of this deploy that fail a service Swarm itself does not pause or roll back. */
  maxTaskFailures: number;
}

export interface Verdict {
  outcome: Exclude<ServiceOutcome, 'unchanged'>;
  running: number;
  desired: number;
  /** The update state that belongs to this deploy (stale ones are left out). */
  updateState: string | undefined;
  reason: string | undefined;
  /** Failed tasks of this deploy, newest first. */
  failedTaskIds: string[];
  stableSince: number | undefined;
  /** When to look again although no event arrives (end of the monitor period). */
  recheckAt: number | undefined;
}

/**
 * Judges one service from a snapshot of its state. Pure: the caller reads the
 * engine and keeps `stableSince` between calls.
 */
export function judgeService(input: JudgeInput): Verdict {
  const { service, expectation } = input;
  const status = currentUpdateStatus(service, expectation.sinceMs);
  const state = status?.State;
  const message = status?.Message || undefined;
  const mode = serviceMode(service);
  const counts =
    mode === 'replicated-job' || mode === 'global-job'
      ? jobCounts(input, mode)
      : mode === 'global'
        ? globalCounts(input)
        : replicatedCounts(input);
  const failedTaskIds = deployFailures(input, status?.StartedAt, counts.iterationTaskIds);
  const base = { ...counts.values, updateState: state, failedTaskIds, recheckAt: undefined };
  const verdict = (outcome: Verdict['outcome'], reason: string | undefined): Verdict => ({
    ...base,
    outcome,
    reason,
    stableSince: undefined,
  });

  if (state === 'paused')
    return verdict('failed', `update paused: ${message ?? 'no reason given'}`);
  if (state === 'rollback_paused')
    return verdict('failed', `rollback paused: ${message ?? 'no reason given'}`);
  const newest = input.tasks.find((task) => task.ID === failedTaskIds[0]);
  if (state === 'rollback_completed') {
    // Swarm's message now says only "rollback completed"; the failed task says why.
    const cause = newest ? ` after a task failed: ${describe(newest)}` : '';
    return verdict('rolled_back', `update rolled back${cause}`);
  }
  if (state === 'rollback_started')
    return verdict('pending', `rolling back: ${message ?? 'the update failed'}`);

  const applied = service.Spec.TaskTemplate?.ForceUpdate ?? 0;
  if (
    expectation.action === 'update' &&
    expectation.forceUpdate !== undefined &&
    applied !== expectation.forceUpdate
  ) {
    return verdict(
      'failed',
      `the service was changed by another deploy (ForceUpdate ${applied}, this deploy applied ${expectation.forceUpdate})`,
    );
  }
  if (state === 'updating') return verdict('pending', `update in progress: ${counts.progress}`);

  if (counts.jobFailed && newest) return verdict('failed', `job task failed: ${describe(newest)}`);
  if (counts.done) {
    // Jobs stay done; an update Swarm reports `completed` was already monitored by Swarm.
    if (counts.isJob || state === 'completed') return verdict('converged', undefined);
    const stableSince = input.stableSince ?? input.now;
    const monitorMs = monitorOf(service);
    if (input.now - stableSince >= monitorMs)
      return { ...verdict('converged', undefined), stableSince };
    return {
      ...base,
      outcome: 'pending',
      reason: `all tasks running, watching them for the ${monitorMs / 1000} s monitor period`,
      stableSince,
      recheckAt: stableSince + monitorMs,
    };
  }
  const rejected = input.tasks.find(
    (task) => failedTaskIds.includes(task.ID) && task.Status?.State === 'rejected',
  );
  if (rejected) return verdict('failed', `task rejected: ${describe(rejected)}`);
  if (newest && failedTaskIds.length >= input.maxTaskFailures)
    return verdict('failed', `${failedTaskIds.length} tasks failed, last: ${describe(newest)}`);
  return verdict('pending', counts.progress);
}

/** The service's update status, unless it started before this deploy. */
function currentUpdateStatus(service: EngineService, sinceMs: number | undefined) {
  const status = service.UpdateStatus;
  if (!status?.State) return undefined;
  if (sinceMs !== undefined && status.StartedAt && Date.parse(status.StartedAt) < sinceMs)
    return undefined;
  return status;
}

export function monitorOf(service: EngineService): number {
  const ns = service.Spec.UpdateConfig?.Monitor;
  return ns ? ns / 1e6 : DEFAULT_MONITOR_MS;
}

function describe(task: EngineTask): string {
  const exit = task.Status?.ContainerStatus?.ExitCode;
  const text = task.Status?.Err || task.Status?.Message || task.Status?.State || 'unknown';
  return exit !== undefined && exit !== 0 && !text.includes(`(${exit})`)
    ? `${text} (exit code ${exit})`
    : text;
}

interface Counts {
  values: { running: number; desired: number };
  done: boolean;
  isJob: boolean;
  jobFailed: boolean;
  progress: string;
  /** Jobs: the tasks of the current iteration (failures are counted among them). */
  iterationTaskIds: ReadonlySet<string> | undefined;
}

function live(task: EngineTask, input: JudgeInput): boolean {
  return (
    input.upToDateTaskIds.has(task.ID) &&
    task.DesiredState === 'running' &&
    (!task.NodeID || input.activeNodeIds.has(task.NodeID))
  );
}

function replicatedCounts(input: JudgeInput): Counts {
  const desired = input.service.Spec.Mode?.Replicated?.Replicas ?? 1;
  const runningSlots = new Set<number>();
  for (const task of input.tasks) {
    if (live(task, input) && task.Status?.State === 'running') runningSlots.add(task.Slot ?? 0);
  }
  const running = runningSlots.size;
  return {
    values: { running, desired },
    done: running >= desired,
    isJob: false,
    jobFailed: false,
    progress: `${running}/${desired} tasks running`,
    iterationTaskIds: undefined,
  };
}

function globalCounts(input: JudgeInput): Counts {
  const nodes = new Set<string>();
  const runningNodes = new Set<string>();
  for (const task of input.tasks) {
    if (!live(task, input) || !task.NodeID) continue;
    nodes.add(task.NodeID);
    if (task.Status?.State === 'running') runningNodes.add(task.NodeID);
  }
  return {
    values: { running: runningNodes.size, desired: nodes.size },
    done: nodes.size > 0 && runningNodes.size === nodes.size,
    isJob: false,
    jobFailed: false,
    progress:
      nodes.size === 0
        ? 'no task of the current spec scheduled on any node yet'
        : `${runningNodes.size}/${nodes.size} nodes running a task`,
    iterationTaskIds: undefined,
  };
}

function jobCounts(input: JudgeInput, mode: 'replicated-job' | 'global-job'): Counts {
  const iteration = input.service.JobStatus?.JobIteration?.Index;
  const tasks = input.tasks.filter(
    (task) => iteration === undefined || task.JobIteration?.Index === iteration,
  );
  const completed = tasks.filter((task) => task.Status?.State === 'complete').length;
  const jobFailed = tasks.some((task) => FAILED_STATES.has(task.Status?.State ?? ''));
  let desired: number;
  if (mode === 'replicated-job') {
    const job = input.service.Spec.Mode?.ReplicatedJob ?? {};
    desired = job.TotalCompletions || job.MaxConcurrent || 1;
  } else {
    desired = new Set(tasks.map((task) => task.NodeID).filter(Boolean)).size;
  }
  return {
    values: { running: completed, desired },
    done: desired > 0 && completed >= desired,
    isJob: true,
    jobFailed,
    progress: `${completed}/${desired} job tasks completed`,
    iterationTaskIds: new Set(tasks.map((task) => task.ID)),
  };
}

/**
 * Failed tasks that belong to this deploy, newest first: for jobs, those of
 * the current iteration; after an update started, those created since (they
 * may be of the rolled-back spec); otherwise those of the current spec.
 */
function deployFailures(
  input: JudgeInput,
  updateStartedAt: string | undefined,
  iterationTaskIds: ReadonlySet<string> | undefined,
): string[] {
  const fromMs = updateStartedAt ? Date.parse(updateStartedAt) : input.expectation.sinceMs;
  return input.tasks
    .filter((task) => FAILED_STATES.has(task.Status?.State ?? ''))
    .filter((task) => {
      if (iterationTaskIds) return iterationTaskIds.has(task.ID);
      if (fromMs !== undefined && Date.parse(task.CreatedAt ?? '') < fromMs) return false;
      return updateStartedAt !== undefined || input.upToDateTaskIds.has(task.ID);
    })
    .sort((a, b) => Date.parse(b.CreatedAt ?? '') - Date.parse(a.CreatedAt ?? ''))
    .map((task) => task.ID);
}
