import { type ErrorCategory, SwarmliftError } from '@swarmlift/core';
import type { StackLockKind } from './stack-lock-state.js';

/** Every code a `RemoteError` can carry; unique across the swarmlift packages. */
export const remoteErrorCodes = [
  'REMOTE_TARGET_INVALID',
  'SSH_KEY_INVALID',
  'SSH_CONNECT_FAILED',
  'SSH_AUTH_FAILED',
  'SSH_HOST_KEY_MISMATCH',
  'SSH_HOST_KEY_UNKNOWN',
  'SSH_HOST_KEY_PIN_INVALID',
  'SSH_CONNECTION_LOST',
  'SSH_CLOSED',
  'DOCKER_UNREACHABLE',
  'DOCKER_NOT_SWARM_MANAGER',
  'REMOTE_COMMAND_FAILED',
  'IMAGE_DIGEST_UNAVAILABLE',
  'LOCK_HELD',
  'LOCK_FAILED',
  'LOCK_LOST',
  'LOCK_NOT_MANUAL',
  // connectFirst: no target could be used
  'REMOTE_NO_TARGET_REACHABLE',
] as const;

export type RemoteErrorCode = (typeof remoteErrorCodes)[number];

/** The exit-code category of each code (see `exitCodes` in `@swarmlift/core`). */
const CATEGORY: Record<RemoteErrorCode, ErrorCategory> = {
  REMOTE_TARGET_INVALID: 'invalid',
  SSH_KEY_INVALID: 'invalid',
  SSH_CONNECT_FAILED: 'unreachable',
  SSH_AUTH_FAILED: 'unreachable',
  SSH_HOST_KEY_MISMATCH: 'unreachable',
  SSH_HOST_KEY_UNKNOWN: 'unreachable',
  SSH_HOST_KEY_PIN_INVALID: 'invalid',
  SSH_CONNECTION_LOST: 'unreachable',
  SSH_CLOSED: 'unreachable',
  DOCKER_UNREACHABLE: 'unreachable',
  DOCKER_NOT_SWARM_MANAGER: 'unreachable',
  REMOTE_COMMAND_FAILED: 'failed',
  IMAGE_DIGEST_UNAVAILABLE: 'failed',
  LOCK_HELD: 'lock_held',
  LOCK_FAILED: 'failed',
  LOCK_LOST: 'lock_held',
  LOCK_NOT_MANUAL: 'lock_held',
  REMOTE_NO_TARGET_REACHABLE: 'unreachable',
};

/** The category a remote code stands for; `failed` for anything else. */
export function categoryOf(code: RemoteErrorCode): ErrorCategory {
  return CATEGORY[code] ?? 'failed';
}

/**
 * Base class of every error this package throws (besides core's
 * `OptionsError`, `CancelledError` and `TimedOutError`, which pass as they
 * are). `code` is stable across releases; `hint` tells the user what to do;
 * `category` follows from the code (SSH, host key and engine failures are
 * `unreachable`, exit 3). Messages never contain a private key, a passphrase,
 * a registry password or an environment value.
 */
export class RemoteError<C extends RemoteErrorCode = RemoteErrorCode> extends SwarmliftError<C> {
  static override readonly brand: string = 'swarmlift/remote/RemoteError';

  constructor(options: {
    code: C;
    message: string;
    hint: string;
    cause?: unknown;
    category?: ErrorCategory | undefined;
  }) {
    super({ ...options, category: options.category ?? categoryOf(options.code) });
  }
}

/** The server showed a host key that is not the one pinned for it. */
export class HostKeyMismatchError extends RemoteError<'SSH_HOST_KEY_MISMATCH'> {
  static override readonly brand: string = 'swarmlift/remote/HostKeyMismatchError';
  readonly host: string;
  readonly expected: readonly string[];
  readonly actual: string;

  constructor(options: {
    host: string;
    expected: readonly string[];
    actual: string;
    keyType: string;
    source: string;
  }) {
    super({
      code: 'SSH_HOST_KEY_MISMATCH',
      message:
        `The SSH host key of ${options.host} does not match ${options.source}.\n` +
        `  expected: ${options.expected.join(', ')}\n` +
        `  server:   ${options.actual} (${options.keyType})`,
      hint:
        'Someone may be intercepting the connection, or the server was reinstalled. ' +
        'Check the key on the server itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) ' +
        'and update your pin only if it matches; nothing was sent to the server.',
    });
    this.host = options.host;
    this.expected = options.expected;
    this.actual = options.actual;
  }
}

/** No host key is pinned for the server and trust-on-first-use was not requested. */
export class HostKeyUnknownError extends RemoteError<'SSH_HOST_KEY_UNKNOWN'> {
  static override readonly brand: string = 'swarmlift/remote/HostKeyUnknownError';
  readonly host: string;
  readonly fingerprint: string;

  constructor(options: {
    host: string;
    fingerprint: string;
    keyType: string;
    line: string;
    searched: string;
  }) {
    const where = options.searched === 'no pin' ? '' : ` in ${options.searched}`;
    super({
      code: 'SSH_HOST_KEY_UNKNOWN',
      message:
        `No host key is pinned for ${options.host}${where}; refusing to connect. ` +
        `The server offered ${options.keyType} ${options.fingerprint}.`,
      hint:
        `Verify that fingerprint on the server (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then pin it: ` +
        `hostKey: { fingerprint: '${options.fingerprint}' } (or SSH_HOST_KEY_FINGERPRINT), ` +
        `or add this line to a known_hosts file: ${options.line}`,
    });
    this.host = options.host;
    this.fingerprint = options.fingerprint;
  }
}

/** A remote command exited with a non-zero status. */
export class RemoteCommandError extends RemoteError<'REMOTE_COMMAND_FAILED'> {
  static override readonly brand: string = 'swarmlift/remote/RemoteCommandError';
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: string | undefined;
  readonly stdout: string;
  readonly stderr: string;

  constructor(options: {
    command: string;
    exitCode: number | null;
    signal?: string | undefined;
    stdout: string;
    stderr: string;
  }) {
    const status =
      options.signal !== undefined
        ? `was killed by signal ${options.signal}`
        : `exited with ${options.exitCode}`;
    const tail = lastLines(options.stderr || options.stdout, 20);
    super({
      code: 'REMOTE_COMMAND_FAILED',
      message: `Remote command ${options.command} ${status}${tail ? `:\n${tail}` : ''}`,
      hint: 'Read the command output above; run the same command over ssh to reproduce it.',
    });
    this.command = options.command;
    this.exitCode = options.exitCode;
    this.signal = options.signal;
    this.stdout = options.stdout;
    this.stderr = options.stderr;
  }
}

/** The registry could not tell the digest of an image (`resolveImageDigest`). */
export class ImageDigestError extends RemoteError<'IMAGE_DIGEST_UNAVAILABLE'> {
  static override readonly brand: string = 'swarmlift/remote/ImageDigestError';
  /** The image as it was asked for. */
  readonly image: string;
  /** The engine's HTTP status (401/403: no access, 404: no such tag), if it answered. */
  readonly statusCode: number | undefined;

  constructor(options: {
    image: string;
    statusCode: number | undefined;
    message: string;
    hint: string;
    cause?: unknown;
  }) {
    super({
      code: 'IMAGE_DIGEST_UNAVAILABLE',
      message: options.message,
      hint: options.hint,
      cause: options.cause,
    });
    this.image = options.image;
    this.statusCode = options.statusCode;
  }
}

/**
 * The stack's lock is held: by another run and not expired (by the engine's
 * clock), or by hand (`kind: 'manual'`, which never expires; its message
 * says why).
 */
export class LockHeldError extends RemoteError<'LOCK_HELD'> {
  static override readonly brand: string = 'swarmlift/remote/LockHeldError';
  /** The Swarm config that is the lock. */
  readonly lock: string;
  readonly owner: string;
  /** When the holder took it (engine time, ISO 8601). */
  readonly since: string;
  /** When it expires unless renewed (engine time, ISO 8601); `never` for a manual lock. */
  readonly expiresAt: string;
  /** `manual`: a person holds it until released — waiting for it makes no sense. */
  readonly kind: StackLockKind;
  /** A manual lock's reason (empty otherwise). */
  readonly lockMessage: string;

  constructor(options: {
    lock: string;
    owner: string;
    since: string;
    expiresAt: string;
    kind?: StackLockKind | undefined;
    lockMessage?: string | undefined;
  }) {
    const kind = options.kind ?? 'deploy';
    const lockMessage = options.lockMessage ?? '';
    super(
      kind === 'manual'
        ? {
            code: 'LOCK_HELD',
            message: `Lock ${options.lock} is held by hand by ${options.owner} since ${options.since}${lockMessage ? `: "${lockMessage}"` : ''} (until released)`,
            hint:
              'Someone locked this stack on purpose (swarmlift lock acquire), e.g. for maintenance; it does not expire ' +
              'and nothing waits for it. Ask them, and run again once it was released (swarmlift lock release).',
          }
        : {
            code: 'LOCK_HELD',
            message: `Lock ${options.lock} is held by ${options.owner} since ${options.since}, until ${options.expiresAt} unless renewed`,
            hint:
              'Another run for this stack is in progress: wait for it to finish. A lock whose holder died ' +
              `expires at ${options.expiresAt} by the engine's clock and is then taken over ` +
              `(or remove the Swarm config ${options.lock} by hand once you are sure: docker config rm ${options.lock}).`,
          },
    );
    this.lock = options.lock;
    this.owner = options.owner;
    this.since = options.since;
    this.expiresAt = options.expiresAt;
    this.kind = kind;
    this.lockMessage = lockMessage;
  }
}

/** Releasing a manual lock found a run's lock instead (`releaseManualStackLock`). */
export class LockNotManualError extends RemoteError<'LOCK_NOT_MANUAL'> {
  static override readonly brand: string = 'swarmlift/remote/LockNotManualError';
  readonly lock: string;
  readonly owner: string;
  readonly since: string;
  readonly expiresAt: string;
  readonly expired: boolean;

  constructor(options: {
    lock: string;
    owner: string;
    since: string;
    expiresAt: string;
    expired: boolean;
  }) {
    super({
      code: 'LOCK_NOT_MANUAL',
      message: `Lock ${options.lock} is not a manual lock: a run (${options.owner}) holds it since ${options.since}, ${options.expired ? `expired at ${options.expiresAt}` : `until ${options.expiresAt} unless renewed`}`,
      hint: options.expired
        ? 'It expired: the next deploy takes it over with a warning. To remove it now, use breakStackLock (swarmlift unlock --force).'
        : 'A running deploy holds it and releases it when it ends. If that run is dead, remove it with breakStackLock (swarmlift unlock --force).',
    });
    this.lock = options.lock;
    this.owner = options.owner;
    this.since = options.since;
    this.expiresAt = options.expiresAt;
    this.expired = options.expired;
  }
}

/** The lock was lost while held: a renewal failed, or another run took it over. */
export class LockLostError extends RemoteError<'LOCK_LOST'> {
  static override readonly brand: string = 'swarmlift/remote/LockLostError';
  readonly lock: string;
  /** Who holds it now, when someone does. */
  readonly heldBy: string | undefined;

  constructor(options: {
    lock: string;
    reason: string;
    heldBy?: string | undefined;
    cause?: unknown;
  }) {
    super({
      code: 'LOCK_LOST',
      message: `Lock ${options.lock} was lost: ${options.reason}`,
      hint:
        'Stop the work the lock guarded: another run may now act on the same stack. ' +
        'Renewals keep a lock only while the engine answers; use a longer ttlMs on a slow or flaky connection.',
      cause: options.cause,
    });
    this.lock = options.lock;
    this.heldBy = options.heldBy;
  }
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
