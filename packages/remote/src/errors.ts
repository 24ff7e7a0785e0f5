const marker = Symbol.for('swarmlift.remote.error');

export type RemoteErrorCode =
  | 'TARGET_INVALID'
  | 'SSH_KEY_INVALID'
  | 'SSH_CONNECT_FAILED'
  | 'SSH_AUTH_FAILED'
  | 'SSH_HOST_KEY_MISMATCH'
  | 'SSH_HOST_KEY_UNKNOWN'
  | 'SSH_HOST_KEY_PIN_INVALID'
  | 'SSH_CONNECTION_LOST'
  | 'SSH_CLOSED'
  | 'DOCKER_UNREACHABLE'
  | 'DOCKER_NOT_SWARM_MANAGER'
  | 'REMOTE_COMMAND_FAILED'
  | 'REMOTE_TIMEOUT'
  | 'REMOTE_ABORTED';

/**
 * Base class of every error this package throws. `code` is stable across
 * releases; `hint` tells the user what to do. Messages never contain a
 * private key, a passphrase or an environment value.
 */
export class RemoteError extends Error {
  readonly code: RemoteErrorCode;
  readonly hint: string;
  /** Brand for `isInstance`; a symbol from the global registry is shared by every copy of this package. */
  readonly [marker] = true;

  constructor(options: { code: RemoteErrorCode; message: string; hint: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'RemoteError';
    this.code = options.code;
    this.hint = options.hint;
  }

  /** Works across duplicated copies of this package, unlike `instanceof`. */
  static isInstance(error: unknown): error is RemoteError {
    return typeof error === 'object' && error !== null && marker in error;
  }

  /** True when `error` is a RemoteError with one of `codes`. */
  static hasCode(error: unknown, ...codes: RemoteErrorCode[]): error is RemoteError {
    return RemoteError.isInstance(error) && codes.includes(error.code);
  }
}

/** The server showed a host key that is not the one pinned for it. */
export class HostKeyMismatchError extends RemoteError {
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
    this.name = 'HostKeyMismatchError';
    this.host = options.host;
    this.expected = options.expected;
    this.actual = options.actual;
  }
}

/** No host key is pinned for the server and trust-on-first-use was not requested. */
export class HostKeyUnknownError extends RemoteError {
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
    this.name = 'HostKeyUnknownError';
    this.host = options.host;
    this.fingerprint = options.fingerprint;
  }
}

/** A remote command exited with a non-zero status. */
export class RemoteCommandError extends RemoteError {
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
    this.name = 'RemoteCommandError';
    this.command = options.command;
    this.exitCode = options.exitCode;
    this.signal = options.signal;
    this.stdout = options.stdout;
    this.stderr = options.stderr;
  }
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
