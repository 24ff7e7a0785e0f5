import type { TaskStateEvent, WarningEvent } from '@swarmlift/core';
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

/** A task reached a new state: core's `TaskStateEvent`, the shape migrator's job reports too. */
export type { TaskStateEvent };

/** Running/desired tasks of a service changed. */
export interface ReplicasEvent {
  type: 'replicas';
  stack: string;
  service: string;
  running: number;
  desired: number;
}

/**
 * A node holding tasks of a followed service became unavailable (down,
 * unknown, disconnected, drained, paused), changed state while so, or is
 * available again (`back`).
 */
export interface NodeStateEvent {
  type: 'node_state';
  stack: string;
  /** Host name. */
  node: string;
  nodeId: string;
  state: string;
  availability: string;
  back: boolean;
  /** Full names of the followed services with tasks there. */
  services: string[];
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
  | NodeStateEvent
  | ServiceDoneEvent
  | StackWaitWarning;
