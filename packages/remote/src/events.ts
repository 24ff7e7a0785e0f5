import type { WarningEvent } from '@swarmlift/core';
import type { DockerTransport } from './ssh-docker-agent.js';

/** Warning: an unpinned host key was accepted because `trustOnFirstUse` was on. */
export interface HostKeyTrustedOnFirstUseWarning extends WarningEvent {
  code: 'SSH_HOST_KEY_TRUSTED_ON_FIRST_USE';
  host: string;
  fingerprint: string;
  keyType: string;
  /** The known_hosts file the key was appended to, if any. */
  savedTo: string | undefined;
}

/** Warning: an expired lock (its holder died or stalled) was removed and taken over. */
export interface LockTakenOverWarning extends WarningEvent {
  code: 'LOCK_TAKEN_OVER';
  stack: string;
  purpose: string;
  lock: string;
  /** Who held the expired lock. */
  previousOwner: string;
  /** When it expired, by the engine's clock. */
  expiredAt: string;
}

/** Warning: a held lock was lost (a renewal failed, or someone else took it over); see `StackLock.lost`. */
export interface LockLostWarning extends WarningEvent {
  code: 'LOCK_LOST';
  stack: string;
  purpose: string;
  lock: string;
}

/** Warning: one renewal of a held lock failed; it is retried at the next interval. */
export interface LockRenewalFailedWarning extends WarningEvent {
  code: 'LOCK_RENEWAL_FAILED';
  stack: string;
  purpose: string;
  lock: string;
}

/** Warning (connectFirst): a target was skipped (down, refused, no working manager); the next is tried. */
export interface TargetSkippedWarning extends WarningEvent {
  code: 'CONNECT_TARGET_SKIPPED';
  /** `user@host:port`. */
  host: string;
  /** A few words: `connection refused`, `timed out after 10 s`. */
  reason: string;
  /** The code of the error that made it skip. */
  errorCode: string;
}

export type RemoteWarningEvent =
  | HostKeyTrustedOnFirstUseWarning
  | TargetSkippedWarning
  | LockTakenOverWarning
  | LockRenewalFailedWarning
  | LockLostWarning;

/** Progress of a Remote (connect) — for the caller to show; this package never prints. */
export type ConnectEvent =
  | {
      type: 'ssh_connected';
      host: string;
      port: number;
      user: string;
      fingerprint: string;
      keyType: string;
    }
  | { type: 'docker_transport'; transport: DockerTransport; fallbackReason: string | undefined }
  | { type: 'ssh_connection_lost'; message: string }
  | { type: 'ssh_reconnected' }
  | { type: 'ssh_closed' }
  | HostKeyTrustedOnFirstUseWarning;

/** Progress of a stack lock (`acquireStackLock`). Times are the engine's. */
export type StackLockEvent =
  | {
      type: 'lock_acquired';
      stack: string;
      purpose: string;
      lock: string;
      owner: string;
      expiresAt: string;
      /** An expired lock of another holder was taken over (a `LOCK_TAKEN_OVER` warning came first). */
      tookOverExpired: boolean;
    }
  | { type: 'lock_renewed'; stack: string; purpose: string; lock: string; expiresAt: string }
  | { type: 'lock_released'; stack: string; purpose: string; lock: string }
  | LockTakenOverWarning
  | LockRenewalFailedWarning
  | LockLostWarning;

/** Progress of `connectFirst`: each target's connect events, and a warning per skipped target. */
export type ConnectFirstEvent = ConnectEvent | TargetSkippedWarning;

/** Every event this package reports. */
export type RemoteEvent = ConnectEvent | StackLockEvent | TargetSkippedWarning;
