import type { TaskStateEvent, WarningEvent } from '@swarmlift/core';
import type { StackLockEvent } from '@swarmlift/remote';

/** Which run an event is about: a job service (job mode) or a container (container mode). */
export type OneOffRef = { mode: 'job'; service: string } | { mode: 'container'; container: string };

/** A warning of this package: the run goes on, but something was not as it should be. */
export interface OneOffWarningEvent extends WarningEvent {
  code:
    | 'ONE_OFF_LOGS_UNAVAILABLE'
    | 'ONE_OFF_CLEANUP_FAILED'
    | 'ONE_OFF_IMAGE_NOT_PINNED'
    | 'ONE_OFF_NO_CREDENTIALS'
    | 'MIGRATE_LOCK_RELEASE_FAILED';
  /** The container's name (container mode). */
  container?: string | undefined;
  image?: string | undefined;
}

/** A stack network the run needed did not exist and was created, as `docker stack deploy` would. */
export interface NetworkCreatedEvent {
  type: 'network_created';
  stack: string;
  network: string;
}

/** Container mode: the manager did not have the image and pulled it. */
export interface ImagePulledEvent {
  type: 'image_pulled';
  image: string;
  durationMs: number;
}

/** Job mode: the tag was pinned to the digest its registry names now. */
export interface ImageResolvedEvent {
  type: 'image_resolved';
  image: string;
  digest: string;
  /** `image@digest`, what the job runs. */
  pinned: string;
}

/** The job service or container exists. */
export type OneOffCreatedEvent = {
  type: 'one_off_created';
  stack?: string | undefined;
  image: string;
  command: readonly string[];
  /** Names only: the values never appear in an event. */
  envKeys: readonly string[];
  networks: readonly string[];
} & (
  | { mode: 'job'; service: string; serviceId: string }
  | { mode: 'container'; container: string; containerId: string }
);

/** The command exited (any exit code). */
export type OneOffFinishedEvent = {
  type: 'one_off_finished';
  stack?: string | undefined;
  exitCode: number;
  durationMs: number;
} & OneOffRef;

/** The job service or container was removed. */
export type OneOffRemovedEvent = {
  type: 'one_off_removed';
  stack?: string | undefined;
} & OneOffRef;

/**
 * Progress of a one-off run or a migration (the stack lock's events come from
 * @swarmlift/remote). Never carries an env value or a credential.
 */
export type MigratorEvent =
  | StackLockEvent
  | NetworkCreatedEvent
  | ImagePulledEvent
  | ImageResolvedEvent
  | OneOffCreatedEvent
  /** The job's task reached a new state: core's shape, the same as stack-waiter's (`service` is the job service). */
  | TaskStateEvent
  | OneOffFinishedEvent
  | OneOffRemovedEvent
  | OneOffWarningEvent;

export type OnMigratorEvent = (event: MigratorEvent) => void;
