/** A Swarm task as the engine lists it (the fields a job's follower reads). */
export interface EngineTask {
  ID?: string;
  NodeID?: string;
  Slot?: number;
  DesiredState?: string;
  Status?: {
    State?: string;
    Message?: string;
    Err?: string;
    Timestamp?: string;
    ContainerStatus?: { ExitCode?: number; ContainerID?: string };
  };
}

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

/** What one look at the job's tasks shows. */
export interface TaskSnapshot {
  taskId: string;
  /** Replica slot, when Swarm gave one. */
  slot: number | undefined;
  state: string;
  desiredState: string;
  message: string;
  error: string | undefined;
  nodeId: string | undefined;
  containerId: string | undefined;
  /** The container's exit code, once the task ended. */
  exitCode: number | undefined;
  /** Swarm's timestamp of this state (ISO), when it gave one. */
  at: string | undefined;
  /** Changes whenever the state, its message or its error change. */
  key: string;
}

export interface JudgeJobTaskInput {
  tasks: readonly EngineTask[];
  /** Local clock, epoch ms. */
  now: number;
  /** From the previous verdict: since when the task has been waiting for a suitable node. */
  unschedulableSince: number | undefined;
  /** How long "no suitable node" is tolerated. */
  unschedulableAfterMs: number;
}

export interface JobTaskVerdict {
  /** The job's task, once Swarm created it. */
  task: TaskSnapshot | undefined;
  /** Set when the task reached a final state (or waited too long for a node): the job is over. */
  outcome: JobTaskOutcome | undefined;
  /** Keep for the next call. */
  unschedulableSince: number | undefined;
}

const TERMINAL: Readonly<Record<string, JobTaskOutcome['kind']>> = {
  complete: 'complete',
  failed: 'failed',
  rejected: 'rejected',
  shutdown: 'lost',
  orphaned: 'lost',
  remove: 'lost',
};

function terminalKind(state: string | undefined): JobTaskOutcome['kind'] | undefined {
  return state !== undefined && Object.hasOwn(TERMINAL, state) ? TERMINAL[state] : undefined;
}

const NO_SUITABLE_NODE = /no suitable node/i;

/**
 * Judges a job from one listing of its tasks. A replicated job with restart
 * condition `none` has exactly one task, so its end is the job's end. Pure:
 * the caller lists the tasks and keeps `unschedulableSince` between calls.
 */
export function judgeJobTask(input: JudgeJobTaskInput): JobTaskVerdict {
  const raw = pickTask(input.tasks);
  if (!raw?.ID)
    return { task: undefined, outcome: undefined, unschedulableSince: input.unschedulableSince };
  const status = raw.Status ?? {};
  const task: TaskSnapshot = {
    taskId: raw.ID,
    slot: raw.Slot,
    state: status.State ?? 'unknown',
    desiredState: raw.DesiredState ?? '',
    message: status.Message ?? '',
    error: status.Err || undefined,
    nodeId: raw.NodeID || undefined,
    containerId: status.ContainerStatus?.ContainerID || undefined,
    exitCode: terminalKind(status.State) ? status.ContainerStatus?.ExitCode : undefined,
    at: status.Timestamp || undefined,
    key: `${raw.ID}/${status.State ?? 'unknown'}/${status.Err ?? ''}/${status.Message ?? ''}`,
  };
  const outcome = (kind: JobTaskOutcome['kind']): JobTaskOutcome => ({
    kind,
    taskId: task.taskId,
    nodeId: task.nodeId,
    state: task.state,
    exitCode: status.ContainerStatus?.ExitCode,
    error: task.error,
    message: task.message,
  });
  const terminal = terminalKind(task.state);
  if (terminal) return { task, outcome: outcome(terminal), unschedulableSince: undefined };
  if (task.state === 'pending' && NO_SUITABLE_NODE.test(`${task.error ?? ''} ${task.message}`)) {
    const since = input.unschedulableSince ?? input.now;
    return {
      task,
      outcome:
        input.now - since >= input.unschedulableAfterMs ? outcome('unschedulable') : undefined,
      unschedulableSince: since,
    };
  }
  return { task, outcome: undefined, unschedulableSince: undefined };
}

/** The newest task: a job with restart condition none has one, but be safe against history. */
export function pickTask(tasks: readonly EngineTask[]): EngineTask | undefined {
  if (tasks.length <= 1) return tasks[0];
  return [...tasks].sort((a, b) =>
    (b.Status?.Timestamp ?? '').localeCompare(a.Status?.Timestamp ?? ''),
  )[0];
}
