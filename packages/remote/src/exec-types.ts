import type { Readable } from 'node:stream';

export interface ExecOptions {
  /** Sent to the command's stdin, which is then closed. Default: an empty stdin. */
  stdin?: string | Buffer | Readable;
  /** Extra environment variables; values never appear on any command line. */
  env?: Readonly<Record<string, string>>;
  /** Kill the command and reject with core's TimedOutError (`TIMED_OUT`) after this long. */
  timeoutMs?: number;
  /** Kill the command and reject with core's CancelledError (`CANCELLED`, or the signal's swarmlift error) when aborted. */
  signal?: AbortSignal;
  /** Reject with REMOTE_COMMAND_FAILED on a non-zero exit (default true). */
  reject?: boolean;
  /** Fail with REMOTE_COMMAND_FAILED when stdout or stderr grows beyond this (default 256 MiB). */
  maxBufferBytes?: number;
  /**
   * The command may safely run twice: after a lost connection it is run once
   * more on the reconnected session (with `reconnect: true`).
   */
  idempotent?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Null when the command was killed by a signal. */
  exitCode: number | null;
  signal: string | undefined;
}

export const DEFAULT_MAX_BUFFER = 256 * 1024 * 1024;
