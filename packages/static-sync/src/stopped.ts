import { abortReasonError } from '@swarmlift/core';
import { wrapError } from './errors.js';

/**
 * The error to throw for `error`: once `signal` fired, the reason it fired (a cancel or
 * a timeout) rather than the broken pipe or killed command that followed from it.
 */
export function stopped(error: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted ? abortReasonError(signal) : error;
}

/**
 * Like `stopped`, and an error of the SSH session (or anything not this package's or
 * core's) becomes STATIC_REMOTE_FAILED with it as `cause`.
 */
export function remoteFailure(
  error: unknown,
  signal: AbortSignal | undefined,
  doing: string,
): unknown {
  if (signal?.aborted) return abortReasonError(signal);
  return wrapError(error, {
    code: 'STATIC_REMOTE_FAILED',
    message: `${doing} failed`,
    hint: 'Check that the server is reachable over SSH and the session is still open, then run it again. Nothing was switched.',
  });
}
