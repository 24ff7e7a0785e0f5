import {
  checkSignal,
  OptionsError,
  SwarmliftError,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import { type ConnectOptions, connect, type Remote } from './connect.js';
import { engineRequest } from './engine-request.js';
import { ensureSwarmManager } from './ensure-swarm-manager.js';
import { RemoteError } from './errors.js';
import type { ConnectFirstEvent } from './events.js';
import { judgeConnectFailure } from './judge-connect-failure.js';
import { NoTargetReachableError, type SkippedTarget } from './no-target-reachable-error.js';
import { parseTarget, type Target } from './parse-target.js';

export interface ConnectFirstOptions extends Omit<ConnectOptions, 'target' | 'onEvent'> {
  /** Tried in this order; the same forms `connect` takes (each with the same key and pins). */
  targets: ReadonlyArray<ConnectOptions['target']>;
  /**
   * Time for each target: the connect within it, then the check within it
   * again. Default 10 s — short, as the next target waits behind it.
   */
  timeoutMs?: number | undefined;
  /**
   * What makes a connected target usable. Default: a Swarm manager whose
   * control plane answers (a manager without quorum does not). A throw skips
   * the target (or stops the call, see `connectFirst`). `false`: any
   * target that connects.
   */
  check?:
    | false
    | ((
        remote: Remote,
        options: { signal: AbortSignal | undefined; timeoutMs: number },
      ) => Promise<unknown>);
  onEvent?: ((event: ConnectFirstEvent) => void) | undefined;
}

export interface ConnectFirstResult {
  /** The connection to the first usable target; close it when done. */
  remote: Remote;
  /** Its index in `targets`. */
  index: number;
  /** The targets tried before it, and why each was skipped. */
  skipped: SkippedTarget[];
}

export const DEFAULT_CONNECT_FIRST_TIMEOUT_MS = 10_000;

/**
 * Connects to the first of several targets (say the Swarm's managers) that
 * answers and passes `check`. A target that is down, times out, refuses the
 * key, has no engine or is no working manager is skipped with a
 * `CONNECT_TARGET_SKIPPED` warning. A host key that does not match its pin
 * (possibly an attack), a host with no pin, invalid settings and a cancel
 * stop the call at once with that error: they are never taken for "down".
 * When every target was skipped: `NoTargetReachableError`
 * (`REMOTE_NO_TARGET_REACHABLE`, exit 3) naming each and why.
 */
export async function connectFirst(options: ConnectFirstOptions): Promise<ConnectFirstResult> {
  checkConnectFirstOptions(options);
  const { targets, check, onEvent, timeoutMs: given, ...connectOptions } = options;
  const timeoutMs = given ?? DEFAULT_CONNECT_FIRST_TIMEOUT_MS;
  const env = options.env ?? process.env;
  const parsed = targets.map((target) =>
    isTarget(target) ? target : parseTarget(target, { env }),
  );
  const skipped: SkippedTarget[] = [];
  for (const [index, target] of parsed.entries()) {
    throwIfAborted(options.signal);
    let remote: Remote | undefined;
    try {
      remote = await connect({
        ...connectOptions,
        target,
        timeoutMs,
        ...(onEvent ? { onEvent } : {}),
      });
      if (check !== false) {
        await (check ?? checkWorkingManager)(remote, { signal: options.signal, timeoutMs });
      }
      return { remote, index, skipped };
    } catch (error) {
      await remote?.close().catch(() => undefined);
      const verdict = judgeConnectFailure(error, { timeoutMs });
      if (verdict.action === 'stop') throw error;
      const host = labelOf(target);
      const one: SkippedTarget = {
        host,
        code: SwarmliftError.isInstance(error) ? error.code : 'UNEXPECTED',
        reason: verdict.reason,
        error: error as Error,
      };
      skipped.push(one);
      const next = parsed[index + 1];
      onEvent?.({
        type: 'warning',
        code: 'CONNECT_TARGET_SKIPPED',
        message: `Skipped ${host}: ${one.reason}${next ? `; trying ${labelOf(next)}` : ''}.`,
        host,
        reason: one.reason,
        errorCode: one.code,
      });
    }
  }
  throw new NoTargetReachableError({ skipped });
}

/** The default check: a Swarm manager whose control plane answers (it needs a raft leader). */
async function checkWorkingManager(
  remote: Remote,
  options: { signal: AbortSignal | undefined; timeoutMs: number },
): Promise<void> {
  await ensureSwarmManager({ remote, signal: options.signal, timeoutMs: options.timeoutMs });
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: 'Asking the manager for the swarm',
  });
  try {
    await engineRequest(remote.docker, { method: 'GET', path: '/swarm', signal: deadline.signal });
  } catch (error) {
    if (SwarmliftError.isInstance(error)) throw error;
    const message =
      (error as { json?: { message?: string } }).json?.message ?? (error as Error).message;
    throw new RemoteError({
      code: 'DOCKER_NOT_SWARM_MANAGER',
      message: `The manager has no working control plane: ${message}`,
      hint: 'The swarm may have lost its quorum (docker node ls on another manager), or this manager is still joining.',
      cause: error,
    });
  } finally {
    deadline.dispose();
  }
}

function checkConnectFirstOptions(options: ConnectFirstOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new OptionsError({
      field: 'options',
      message: 'connectFirst() needs an options object',
      hint: "Pass { targets: ['ssh://deploy@m1', 'ssh://deploy@m2'], privateKey, hostKey }.",
    });
  }
  if (!Array.isArray(options.targets) || options.targets.length === 0) {
    throw new OptionsError({
      field: 'targets',
      message: 'must be a non-empty array',
      hint: "Give the managers in the order to try them: ['ssh://deploy@m1', 'ssh://deploy@m2'].",
    });
  }
  if (
    options.check !== undefined &&
    options.check !== false &&
    typeof options.check !== 'function'
  ) {
    throw new OptionsError({
      field: 'check',
      message: 'must be a function or false',
      hint: 'Leave it out to require a working Swarm manager.',
    });
  }
  checkSignal(options.signal);
}

function isTarget(value: ConnectOptions['target']): value is Target {
  const kind = typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
  return kind === 'ssh' || kind === 'unix' || kind === 'tcp';
}

/** `deploy@198.18.0.2:22`, `unix:///var/run/docker.sock`, `tcp://host:2376`. */
function labelOf(target: Target): string {
  if (target.kind === 'ssh') {
    const host = target.host.includes(':') ? `[${target.host}]` : target.host;
    return `${target.user ? `${target.user}@` : ''}${host}:${target.port ?? 22}`;
  }
  if (target.kind === 'unix') return `unix://${target.socketPath}`;
  return `tcp://${target.host}:${target.port}`;
}
