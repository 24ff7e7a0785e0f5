import type { WarningEvent } from '@swarmlift/core';
import type { ServiceOutcome } from './types.js';

/** The wait began: the services it judges and the time it allows. */
export interface WatchingEvent {
  type: 'watching';
  stack: string;
  /** Full names of the services judged. */
  services: string[];
  timeoutMs: number;
}

/** A service's `UpdateStatus.State` changed (`updating`, `completed`, `paused`, `rollback_started`, …). */
export interface ServiceUpdateEvent {
  type: 'service_update';
  stack: string;
  service: string;
  state: string;
  /** Swarm's update message. */
  message?: string | undefined;
}

/**
 * A task reached a new state. The same shape in every swarmlift package that
 * follows tasks (the migrator's one-off job too).
 */
export interface TaskStateEvent {
  type: 'task_state';
  stack?: string | undefined;
  /** The service's full name. */
  service: string;
  taskId: string;
  /** Replica slot (replicated services). */
  slot?: number | undefined;
  /** Host name of the node the task runs on, when known. */
  node?: string | undefined;
  /** Observed state: `new`, `pending`, `preparing`, `starting`, `running`, `complete`, `failed`, `rejected`, `shutdown`, … */
  state: string;
  /** The state Swarm wants the task in (`running`, `shutdown`, `complete`). */
  desiredState: string;
  /** The task status message (`Status.Message`). */
  message?: string | undefined;
  /** The task error (`Status.Err`). */
  error?: string | undefined;
  /** The container's exit code, once the task ended. */
  exitCode?: number | undefined;
}

/** Running/desired tasks of a service changed. */
export interface ReplicasEvent {
  type: 'replicas';
  stack: string;
  service: string;
  running: number;
  desired: number;
}

/** A service reached its outcome. */
export interface ServiceDoneEvent {
  type: 'service_done';
  stack: string;
  service: string;
  outcome: Exclude<ServiceOutcome, 'pending' | 'unchanged'>;
  reason?: string | undefined;
}

/** Warning codes of this package (not error codes: the wait goes on). */
export type StackWaitWarningCode = 'WAIT_EVENT_STREAM_LOST';

/**
 * `WAIT_EVENT_STREAM_LOST`: the engine's `/events` stream broke; the wait
 * re-reads periodically and reopens the stream at the next re-read.
 */
export interface StackWaitWarning extends WarningEvent {
  code: StackWaitWarningCode;
  stack: string;
}

/** Progress reported through `onEvent` while waiting. */
export type StackWaitEvent =
  | WatchingEvent
  | ServiceUpdateEvent
  | TaskStateEvent
  | ReplicasEvent
  | ServiceDoneEvent
  | StackWaitWarning;
