import { CancelledError, OptionsError, SwarmliftError, TimedOutError } from '@swarmlift/core';

/** What `connectFirst` does after one target failed: try the next, or stop the whole call. */
export interface ConnectFailureVerdict {
  action: 'next' | 'stop';
  /** Why, in a few words for a warning line: `connection refused`, `timed out after 10 s`. */
  reason: string;
}

/** Codes that say the target is down or unusable right now: the next target may work. */
const DOWN = new Set([
  'SSH_CONNECT_FAILED',
  'SSH_CONNECTION_LOST',
  'SSH_AUTH_FAILED',
  'DOCKER_UNREACHABLE',
  'DOCKER_NOT_SWARM_MANAGER',
  'REMOTE_COMMAND_FAILED',
]);

/**
 * Judges one target's failure. A target that is down, refuses the key, has
 * no engine or is no working manager is skipped. A host key that does not
 * match its pin (a possible attack), a host without a pin, settings that
 * are wrong for every target (key, pins, addresses) and a cancel stop the
 * call: those are never "down".
 */
export function judgeConnectFailure(
  error: unknown,
  options: { timeoutMs: number },
): ConnectFailureVerdict {
  if (CancelledError.isInstance(error) || OptionsError.isInstance(error)) {
    return { action: 'stop', reason: reasonOf(error, options) };
  }
  if (TimedOutError.isInstance(error)) {
    return { action: 'next', reason: `timed out after ${seconds(options.timeoutMs)}` };
  }
  if (!SwarmliftError.isInstance(error)) {
    return { action: 'stop', reason: reasonOf(error, options) };
  }
  return { action: DOWN.has(error.code) ? 'next' : 'stop', reason: reasonOf(error, options) };
}

function reasonOf(error: unknown, options: { timeoutMs: number }): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (TimedOutError.isInstance(cause) || /within \d+ ms/.test(error.message)) {
    return `timed out after ${seconds(options.timeoutMs)}`;
  }
  const errno = (cause as { code?: unknown } | undefined)?.code;
  const byErrno: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'unknown host name',
    EAI_AGAIN: 'host name lookup failed',
  };
  if (typeof errno === 'string' && byErrno[errno]) return byErrno[errno];
  const code = SwarmliftError.isInstance(error) ? error.code : undefined;
  if (code === 'SSH_HOST_KEY_MISMATCH') return 'host key mismatch';
  if (code === 'SSH_HOST_KEY_UNKNOWN') return 'no host key pinned for it';
  if (code === 'SSH_AUTH_FAILED') return 'authentication refused';
  const firstLine = error.message.split('\n')[0] ?? '';
  return firstLine.replace(/\.$/, '');
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
