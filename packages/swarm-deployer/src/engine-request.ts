import {
  abortReasonError,
  engineMessage,
  isEngineUnreachable,
  isPassThroughError,
  raceAbort,
  type SwarmliftError,
  throwIfAborted,
} from '@swarmlift/core';
import { EngineRequestError, SwarmDeployerError } from './errors.js';

/**
 * Runs one read against the engine (a list or an inspect). An aborted
 * `signal` rejects at once with its CancelledError or TimedOutError; any
 * other failure becomes an EngineRequestError (`DEPLOY_ENGINE_FAILED`,
 * category `unreachable` when the engine or the session cannot be reached)
 * that keeps the original as `cause`.
 */
export async function engineRequest<T>(
  request: string,
  run: () => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  throwIfAborted(signal);
  try {
    return await raceAbort(run(), signal);
  } catch (error) {
    throw engineRequestError(request, error, signal);
  }
}

/** The error to throw for a failed engine request (see engineRequest). */
export function engineRequestError(
  request: string,
  error: unknown,
  signal: AbortSignal | undefined,
): SwarmliftError {
  if (signal?.aborted) return abortReasonError(signal);
  if (SwarmDeployerError.isInstance(error) || isPassThroughError(error)) return error;
  const unreachable = isEngineUnreachable(error);
  return new EngineRequestError({
    request,
    message: `Could not ${request}: ${engineMessage(error)}`,
    hint: unreachable
      ? 'Check that the Docker engine runs and can be reached (DOCKER_HOST, the SSH session); nothing was changed by this request.'
      : 'Check the engine’s answer above (is this node a swarm manager?), then run again.',
    unreachable,
    cause: error,
  });
}
