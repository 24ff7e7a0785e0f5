import {
  CancelledError,
  engineMessage,
  isEngineUnreachable,
  isPassThroughError,
  SwarmliftError,
  type TimedOutError,
} from '@swarmlift/core';
import { StackWaiterError } from './errors.js';

/**
 * Throws the caller's cancellation (or deadline) when `signal` has aborted:
 * core's CancelledError with `what` in its message, or the abort reason when
 * it is already one of ours (a TimedOutError of the caller's deadline).
 */
export function throwIfCancelled(
  signal: AbortSignal | undefined,
  message: string,
  hint: string,
): void {
  if (!signal?.aborted) return;
  if (SwarmliftError.isInstance(signal.reason)) throw signal.reason;
  throw new CancelledError({ message, hint, cause: signal.reason });
}

/**
 * An engine failure as this package's `WAIT_ENGINE_FAILED` (category
 * `unreachable` when the engine could not be reached); this package's own
 * errors, core's option errors, cancellations and timeouts pass through.
 */
export function engineFailure(
  what: string,
  error: unknown,
): StackWaiterError | CancelledError | TimedOutError | SwarmliftError {
  if (StackWaiterError.isInstance(error) || isPassThroughError(error)) return error;
  return new StackWaiterError({
    code: 'WAIT_ENGINE_FAILED',
    message: `Could not ${what}: ${engineMessage(error)}`,
    hint: isEngineUnreachable(error)
      ? 'The engine could not be reached: check the connection (DOCKER_HOST, the SSH session) and that dockerd runs.'
      : 'Check that the Docker engine answers and is a swarm manager (`docker node ls`).',
    cause: error,
    category: isEngineUnreachable(error) ? 'unreachable' : 'failed',
  });
}
