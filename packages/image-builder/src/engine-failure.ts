import {
  abortReasonError,
  engineMessage,
  ImageReferenceError,
  isEngineUnreachable,
  isPassThroughError,
  RegistryCredentialsError,
  type SwarmliftError,
} from '@swarmlift/core';
import { ImageBuilderError } from './errors.js';

/** This package's errors and the core errors that pass through every package as they are. */
export function isPassThrough(error: unknown): error is SwarmliftError {
  return (
    ImageBuilderError.isInstance(error) ||
    isPassThroughError(error) ||
    ImageReferenceError.isInstance(error) ||
    RegistryCredentialsError.isInstance(error)
  );
}

/**
 * What a failed engine call (the request, or its response stream breaking)
 * means for the caller: the signal's error when the call was aborted or
 * timed out; this package's and core's errors as they are;
 * `IMAGE_ENGINE_UNREACHABLE` when the engine cannot be reached (socket
 * missing, refused, a closed or lost SSH session — a RemoteError is wrapped,
 * keeping category `unreachable`); else what `otherwise` makes of it. Never
 * a raw dockerode or RemoteError.
 */
export function engineFailure(
  error: unknown,
  options: {
    signal: AbortSignal | undefined;
    /** What was being done, e.g. `build 127.0.0.1:5000/app:1a2b3c4`. */
    action: string;
    otherwise: (error: unknown) => SwarmliftError;
  },
): SwarmliftError {
  if (options.signal?.aborted) return abortReasonError(options.signal);
  if (isPassThrough(error)) return error;
  if (isEngineUnreachable(error)) {
    return new ImageBuilderError({
      code: 'IMAGE_ENGINE_UNREACHABLE',
      message: `The Docker engine cannot be reached to ${options.action}: ${engineMessage(error)}`,
      hint: 'Check that the engine runs and that the remote (connect() from @swarmlift/remote) is open: not closed, its socket or SSH host reachable.',
      cause: error,
    });
  }
  return options.otherwise(error);
}
