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

export function commandTimeoutError(
  what: string,
  timeoutMs: number | undefined,
  hint: string,
): RemoteError {
  return new RemoteError({
    code: 'REMOTE_TIMEOUT',
    message: `${what} did not finish within ${timeoutMs} ms; it was stopped.`,
    hint,
  });
}

export function commandAbortedError(what: string, hint: string): RemoteError {
  return new RemoteError({ code: 'REMOTE_ABORTED', message: `${what} was cancelled.`, hint });
}

export function outputTooLargeError(what: string, detail: string): RemoteError {
  return new RemoteError({
    code: 'REMOTE_COMMAND_FAILED',
    message: `${what} wrote more than ${detail}; it was stopped.`,
    hint: 'Raise maxBufferBytes, or make the command write less.',
  });
}
