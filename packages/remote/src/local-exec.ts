import { execa } from 'execa';
import { RemoteCommandError, RemoteError } from './errors.js';
import { DEFAULT_MAX_BUFFER, type ExecOptions, type ExecResult } from './exec-types.js';

/** `exec` for a local target: the same contract, run on this machine without a shell. */
export async function localExec(
  argv: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (!file) {
    throw new RemoteError({
      code: 'REMOTE_COMMAND_FAILED',
      message: 'An empty command was given.',
      hint: 'Pass the program and its arguments as an array, e.g. ["docker", "info"].',
    });
  }
  const display = argv.join(' ').slice(0, 200);
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
    throw new RemoteError({
      code: 'REMOTE_TIMEOUT',
      message: `Command ${display} did not finish within ${options.timeoutMs} ms; it was stopped.`,
      hint: 'Raise timeoutMs if the command needs longer.',
    });
  }
  if (result.isCanceled) {
    throw new RemoteError({
      code: 'REMOTE_ABORTED',
      message: `Command ${display} was cancelled.`,
      hint: 'The abort signal fired; the command was stopped.',
    });
  }
  if (result.isMaxBuffer) {
    throw new RemoteError({
      code: 'REMOTE_COMMAND_FAILED',
      message: `Command ${display} wrote more than the allowed output; it was stopped.`,
      hint: 'Raise maxBufferBytes, or make the command write less.',
    });
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
      message: `Command ${display} could not be started: ${result.shortMessage}`,
      hint: 'Check that the program is installed and on PATH.',
      cause: result.cause,
    });
  }
  if ((out.exitCode !== 0 || out.signal !== undefined) && options.reject !== false) {
    throw new RemoteCommandError({ command: display, ...out });
  }
  return out;
}
