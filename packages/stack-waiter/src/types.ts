/** The final verdict of a wait. */
export type StackWaitStatus = 'converged' | 'failed' | 'rolled_back' | 'timed_out';

/** What happened to one service. `unchanged`: the deploy record says this deploy did not touch it. */
export type ServiceOutcome = 'converged' | 'failed' | 'rolled_back' | 'pending' | 'unchanged';

export type ServiceModeName = 'replicated' | 'global' | 'replicated-job' | 'global-job';

/** One task that failed during this deploy, with what the engine knows about why. */
export interface FailedTask {
  id: string;
  /** Replica slot (replicated services). */
  slot: number | undefined;
  /** Observed state: `failed`, `rejected`, `shutdown`, … */
  state: string;
  /** The task error (`Status.Err`), e.g. `task: non-zero exit (1)` or `No such image: …`. */
  error: string | undefined;
  /** The task status message (`Status.Message`). */
  message: string | undefined;
  exitCode: number | undefined;
  nodeId: string | undefined;
  /** Node host name, when the node is known. */
  node: string | undefined;
  createdAt: string | undefined;
  /** Output of the last failed healthcheck, when the container had one and can still be inspected. */
  healthOutput: string | undefined;
  /** The last lines (up to 50) of the task's stdout and stderr. */
  logs: string[];
}

export interface ServiceWaitResult {
  /** Full service name, e.g. `mystack_web`. */
  name: string;
  id: string;
  mode: ServiceModeName;
  outcome: ServiceOutcome;
  /** Tasks of the current spec running (jobs: completed in the current iteration). */
  running: number;
  /** Replicas wanted (jobs: total completions; global: eligible nodes seen). */
  desired: number;
  /** `UpdateStatus.State` when this deploy's update left one. */
  updateState: string | undefined;
  /** Why the service is not converged, or the engine's update message. */
  reason: string | undefined;
  failedTasks: FailedTask[];
}

/**
 * A node that could not run tasks (down, unknown, disconnected, drained or
 * paused) while it held a task of a followed service, during the wait.
 */
export interface LostNode {
  nodeId: string;
  /** Its host name (the node ID when the engine gives none). */
  node: string;
  /** `Status.State` as last read: `down`, `unknown`, `disconnected`, or `ready` once back. */
  state: string;
  /** `Spec.Availability` as last read: `active`, `drain`, `pause`. */
  availability: string;
  /** It was available again at the last read. */
  back: boolean;
  /** Full names of the followed services that had tasks there. */
  services: string[];
}

export interface StackWaitResult {
  stack: string;
  status: StackWaitStatus;
  /** `status === 'converged'`, or `rolled_back` when `rollbackIsSuccess` was set. */
  ok: boolean;
  /** ISO 8601 times of the wait. */
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** The timeout that applied (given or derived from the services' update/rollback config). */
  timeoutMs: number;
  services: ServiceWaitResult[];
  /** Names of the services not yet finished (non-empty when `timed_out`). */
  pending: string[];
  /** Nodes lost during the wait while they held tasks of a followed service (empty when none). */
  lostNodes: LostNode[];
}

/**
 * The fields of swarm-deployer's `DeployRecord` this package reads; a
 * `DeployRecord` can be passed as it is.
 */
export interface DeployRecordInput {
  stack: string;
  startedAt: string;
  services: ReadonlyArray<{
    name: string;
    id: string;
    action: 'create' | 'update' | 'unchanged';
    versionAfter: number;
    forceUpdate: number;
    updateStartedAt?: string | undefined;
  }>;
}
