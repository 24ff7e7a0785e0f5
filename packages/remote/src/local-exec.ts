import { RemoteCommandError, RemoteError } from './errors.js';
import {
  commandAbortedError,
  commandTimeoutError,
  describeCommand,
  emptyCommandError,
  outputTooLargeError,
} from './exec-errors.js';
import { DEFAULT_MAX_BUFFER, type ExecOptions, type ExecResult } from './exec-types.js';

/** `exec` for a local target: the same contract, run on this machine without a shell. */
export async function localExec(
  argv: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (!file) throw emptyCommandError();
  const named = describeCommand(argv);
  const display = `Command ${named}`;
  // Imported on first use (~0.1 s): SSH targets and tools that never run a
  // local command should not pay for it at start-up.
  const { execa } = await import('execa');
  const result = await execa(file, args, {
    reject: false,
    stripFinalNewline: false,
    env: options.env,
    ...(options.stdin === undefined
      ? { stdin: 'ignore' as const }
      : typeof options.stdin === 'string' || Buffer.isBuffer(options.stdin)
        ? { input: options.stdin }
        : { stdin: options.stdin }),
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
    maxBuffer: options.maxBufferBytes ?? DEFAULT_MAX_BUFFER,
  });
  if (result.timedOut) {
    throw commandTimeoutError(
      display,
      options.timeoutMs as number,
      'Raise timeoutMs if the command needs longer.',
    );
  }
  if (result.isCanceled) {
    throw commandAbortedError(
      display,
      'The abort signal fired; the command was stopped.',
      options.signal,
    );
  }
  if (result.isMaxBuffer) {
    throw outputTooLargeError(display, 'the allowed output');
  }
  const out: ExecResult = {
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? undefined,
  };
  if (result.failed && result.exitCode === undefined && result.signal === undefined) {
    throw new RemoteError({
      code: 'REMOTE_COMMAND_FAILED',
      message: `${display} could not be started: ${result.shortMessage}`,
      hint: 'Check that the program is installed and on PATH.',
      cause: result.cause,
    });
  }
  if ((out.exitCode !== 0 || out.signal !== undefined) && options.reject !== false) {
    throw new RemoteCommandError({ command: named, ...out });
  }
  return out;
}
