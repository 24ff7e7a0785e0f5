import { CancelledError } from '@swarmlift/core';
import { type ConnectOptions, connect, RemoteError } from '@swarmlift/remote';
import { StackWaiterError } from './errors.js';
import { formatEvent, formatResult } from './format-result.js';
import { parseWaitArgs, USAGE, UsageError, type WaitArgs } from './parse-wait-args.js';
import { waitForStack } from './wait-for-stack.js';

export interface WaitCliIo {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Aborted on SIGINT/SIGTERM by the bin. */
  signal?: AbortSignal;
}

/** `swarmlift-wait`: returns the exit code (0 converged, 1 not, 2 usage, 130 cancelled). */
export async function runWaitCli(io: WaitCliIo): Promise<number> {
  let args: WaitArgs;
  try {
    const parsed = parseWaitArgs(io.argv);
    if (parsed.kind === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    args = parsed.args;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`swarmlift-wait: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const remote = await connect(connectOptions(args, io.env)).catch((error: unknown) => {
    report(io, args, error);
    return undefined;
  });
  if (!remote) return 1;
  try {
    const result = await waitForStack({
      remote,
      stack: args.stack,
      timeoutMs: args.timeoutMs,
      services: args.services,
      rollbackIsSuccess: args.rollbackIsSuccess,
      since: args.since,
      signal: io.signal,
      onEvent: (event) => {
        const line = formatEvent(event);
        if (line) io.stderr(`${line}\n`);
      },
    });
    if (args.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(formatResult(result));
    return result.ok ? 0 : 1;
  } catch (error) {
    if (CancelledError.isInstance(error)) {
      io.stderr('swarmlift-wait: cancelled; the deploy goes on in the swarm\n');
      return 130;
    }
    report(io, args, error);
    return 1;
  } finally {
    await remote.close();
  }
}

/** The engine the Docker CLI would use: DOCKER_HOST, else the local socket; SSH as `ssh` would. */
function connectOptions(args: WaitArgs, env: Record<string, string | undefined>): ConnectOptions {
  const pinned = env.SSH_HOST_KEY_FINGERPRINT?.trim();
  return {
    target: 'local',
    env,
    useSshConfig: true,
    ...(args.identity ? { privateKeyPath: args.identity } : {}),
    ...(!args.identity && env.SSH_PRIVATE_KEY ? { privateKey: env.SSH_PRIVATE_KEY } : {}),
    ...(env.SSH_AUTH_SOCK ? { agent: true } : {}),
    hostKey: {
      ...(args.knownHosts ? { knownHostsFile: args.knownHosts } : {}),
      ...(pinned ? { fingerprint: pinned } : {}),
    },
  };
}

function report(io: WaitCliIo, args: WaitArgs, error: unknown) {
  const known = StackWaiterError.isInstance(error) || RemoteError.isInstance(error);
  const code = known ? error.code : 'UNEXPECTED';
  const message = error instanceof Error ? error.message : String(error);
  const hint = known ? error.hint : undefined;
  if (args.json) io.stdout(`${JSON.stringify({ error: { code, message, hint } }, null, 2)}\n`);
  io.stderr(`swarmlift-wait: ${code}: ${message}\n${hint ? `${hint}\n` : ''}`);
}
