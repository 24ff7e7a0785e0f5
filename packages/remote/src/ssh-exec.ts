import type { ClientChannel } from 'ssh2';
import { RemoteCommandError, RemoteError } from './errors.js';
import {
  commandAbortedError,
  commandTimeoutError,
  describeCommand,
  outputTooLargeError,
} from './exec-errors.js';
import { DEFAULT_MAX_BUFFER, type ExecOptions, type ExecResult } from './exec-types.js';
import { commandWithEnv, quoteArgv } from './shell-quote.js';
import type { SshSession } from './ssh-session.js';

/** Runs argv on the server through one exec channel of `session`. */
export async function sshExec(
  session: SshSession,
  argv: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  try {
    return await runOnce(session, argv, options);
  } catch (error) {
    if (
      options.idempotent &&
      RemoteError.hasCode(error, 'SSH_CONNECTION_LOST') &&
      session.canReconnect
    ) {
      return runOnce(session, argv, options);
    }
    throw error;
  }
}

async function runOnce(
  session: SshSession,
  argv: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const named = describeCommand(argv);
  const display = `Remote command ${named}`;
  const env = options.env && Object.keys(options.env).length > 0 ? options.env : undefined;
  const { command, header } = env
    ? commandWithEnv(argv, env)
    : { command: quoteArgv(argv), header: undefined };
  if (options.signal?.aborted) throw aborted(display, options.signal);

  let channel: ClientChannel;
  try {
    channel = await session.exec(command, options.signal);
  } catch (error) {
    // Cancelled while waiting for a session slot: named like any other cancelled command.
    if (options.signal?.aborted) throw aborted(display, options.signal);
    throw error;
  }
  if (options.signal?.aborted) {
    channel.close();
    throw aborted(display, options.signal);
  }
  const maxBuffer = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER;

  return new Promise<ExecResult>((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let exitCode: number | null = null;
    let exitSignal: string | undefined;
    let settled = false;

    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      cleanup();
      stopRemote(channel);
      reject(error);
    };
    const tracker = {
      destroy: (error?: Error) => fail(error ?? session.lostOrClosed()),
      once: channel.once.bind(channel),
    };
    session.track(tracker);

    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(
            () =>
              fail(
                commandTimeoutError(
                  display,
                  options.timeoutMs as number,
                  'Raise timeoutMs if the command needs longer, or check what it waits for on the server.',
                ),
              ),
            options.timeoutMs,
          )
        : undefined;
    const onAbort = () => fail(aborted(display, options.signal));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const collect = (chunks: Buffer[], which: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (which === 'stdout') stdoutBytes += chunk.length;
      else stderrBytes += chunk.length;
      if (stdoutBytes > maxBuffer || stderrBytes > maxBuffer) {
        fail(outputTooLargeError(display, `${maxBuffer} bytes to ${which}`));
        return;
      }
      chunks.push(chunk);
    };
    channel.on('data', collect(stdout, 'stdout'));
    channel.stderr.on('data', collect(stderr, 'stderr'));
    channel.on('exit', (code: number | null, signal?: string) => {
      exitCode = code;
      exitSignal = signal ?? undefined;
    });
    channel.on('error', (error: Error) => fail(error));
    // ssh2 repeats the exit status in 'close'; 'exit' may fire before these listeners exist
    // when the whole exchange arrives in one TCP read.
    channel.on('close', (code?: number | null, signal?: string) => {
      if (exitCode === null && exitSignal === undefined) {
        exitCode = code ?? null;
        exitSignal = signal ?? undefined;
      }
      if (settled) return;
      if (session.state !== 'open') {
        fail(session.lostOrClosed());
        return;
      }
      settled = true;
      cleanup();
      const result: ExecResult = {
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        exitCode,
        signal: exitSignal,
      };
      if ((exitCode !== 0 || exitSignal !== undefined) && options.reject !== false) {
        reject(new RemoteCommandError({ command: named, ...result }));
      } else {
        resolve(result);
      }
    });

    writeStdin(channel, header, options.stdin, fail);
  });
}

function writeStdin(
  channel: ClientChannel,
  header: Buffer | undefined,
  stdin: ExecOptions['stdin'],
  fail: (error: Error) => void,
): void {
  if (header) channel.write(header);
  if (stdin === undefined) {
    channel.end();
  } else if (typeof stdin === 'string' || Buffer.isBuffer(stdin)) {
    channel.end(stdin);
  } else {
    stdin.on('error', (error) =>
      fail(
        new RemoteError({
          code: 'REMOTE_COMMAND_FAILED',
          message: `Reading the stdin stream for the remote command failed: ${error.message}`,
          hint: 'Check the stream you passed as stdin.',
          cause: error,
        }),
      ),
    );
    stdin.pipe(channel);
  }
}

/** Asks sshd to kill the command, then closes the channel. */
function stopRemote(channel: ClientChannel): void {
  sendSignal(channel, 'KILL');
  channel.close();
}

/**
 * ssh2's public `Channel#signal` is a no-op once stdin has been ended, but
 * the SSH protocol allows a signal request until the channel is closed; and
 * without one, a command that ignores its closed pipes (`sleep`) outlives us.
 */
function sendSignal(channel: ClientChannel, name: string): void {
  const internals = channel as unknown as {
    outgoing?: { id: number; state: string };
    _client?: { _protocol?: { signal(id: number, name: string): void } };
  };
  const state = internals.outgoing?.state;
  try {
    if (
      (state === 'open' || state === 'eof') &&
      internals._client?._protocol &&
      internals.outgoing
    ) {
      internals._client._protocol.signal(internals.outgoing.id, name);
    } else {
      channel.signal(name);
    }
  } catch {
    // A server without signal support still ends the command's I/O when the channel closes.
  }
}

function aborted(display: string, signal: AbortSignal | undefined): Error {
  return commandAbortedError(
    display,
    'The abort signal fired; the command was stopped on the server.',
    signal,
  );
}
