import { CancelledError, SwarmliftError, TimedOutError } from '@swarmlift/core';
import { RemoteError } from './errors.js';

/*
 * The errors of the `exec` contract, shared by the SSH and the local runner so
 * both report a timeout, a cancellation, too much output or an empty argv alike.
 * `what` names the command: "Remote command docker info" or "Command docker info".
 */

/** How a command is named in messages: its argv, cut short. */
export function describeCommand(argv: readonly string[]): string {
  return argv.join(' ').slice(0, 200);
}

export function emptyCommandError(): RemoteError {
  return new RemoteError({
    code: 'REMOTE_COMMAND_FAILED',
    message: 'An empty command was given.',
    hint: 'Pass the program and its arguments as an array, e.g. ["docker", "info"].',
  });
}

/** A command past its `timeoutMs`: core's TimedOutError (`TIMED_OUT`), naming the command. */
export function commandTimeoutError(what: string, timeoutMs: number, hint: string): TimedOutError {
  return new TimedOutError({ what, timeoutMs, hint });
}

/**
 * A command stopped by its `signal`: the signal's reason when that is a
 * swarmlift error (e.g. a TimedOutError from `withDeadline`), else core's
 * CancelledError (`CANCELLED`), naming the command.
 */
export function commandAbortedError(
  what: string,
  hint: string,
  signal: AbortSignal | undefined,
): SwarmliftError {
  const reason: unknown = signal?.reason;
  if (SwarmliftError.isInstance(reason)) return reason;
  return new CancelledError({ message: `${what} was cancelled`, hint, cause: reason });
}

export function outputTooLargeError(what: string, detail: string): RemoteError {
  return new RemoteError({
    code: 'REMOTE_COMMAND_FAILED',
    message: `${what} wrote more than ${detail}; it was stopped.`,
    hint: 'Raise maxBufferBytes, or make the command write less.',
  });
}
