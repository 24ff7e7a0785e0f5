import { abortReasonError } from './cancellation-shim.js';

/**
 * The error to throw for `error`: once `signal` fired, the reason it fired (a cancel or
 * a timeout) rather than the broken pipe or killed command that followed from it.
 */
export function stopped(error: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted ? abortReasonError(signal) : error;
}
