import { throwIfAborted, withDeadline } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import { checkCallOptions, checkSession } from './check-call-options.js';
import { previousRelease } from './choose-prunable.js';
import { describeHost } from './describe-host.js';
import { StaticSyncError } from './errors.js';
import type { StaticSyncEvent } from './events.js';
import { switchLive } from './remote-release.js';
import { readRemoteState } from './remote-state.js';
import {
  assertReleaseName,
  assertTarget,
  DEFAULT_ALLOWED_PREFIXES,
  isBelowAny,
} from './safe-path.js';
import { remoteFailure } from './stopped.js';

export interface RollbackStaticOptions {
  remote: Remote;
  target: string;
  /** The release to switch to. Default: the one live before the current one. */
  to?: string;
  allowedPrefixes?: readonly string[];
  /** Stops the rollback before the switch (CancelledError); the switch itself is never interrupted. */
  signal?: AbortSignal;
  /** Gives up after this long (TimedOutError). Default: no limit. */
  timeoutMs?: number;
  onEvent?: (event: StaticSyncEvent) => void;
}

export interface RollbackStaticResult {
  release: string;
  /** The release that was live before the rollback. */
  previous: string | undefined;
}

/** Switches `<target>/static` back to an earlier release folder, in one rename. */
export async function rollbackStatic(
  options: RollbackStaticOptions,
): Promise<RollbackStaticResult> {
  const allowed = options.allowedPrefixes ?? DEFAULT_ALLOWED_PREFIXES;
  const target = assertTarget(options.target, allowed);
  if (options.to !== undefined) assertReleaseName(options.to, 'to');
  checkCallOptions(options);
  checkSession(options.remote);
  const host = describeHost(options.remote);
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `rollbackStatic of ${target}`,
  });
  try {
    return await rollback(options, { target, allowed, host, signal: deadline.signal });
  } finally {
    deadline.dispose();
  }
}

async function rollback(
  options: RollbackStaticOptions,
  checked: {
    target: string;
    allowed: readonly string[];
    host: string;
    signal: AbortSignal | undefined;
  },
): Promise<RollbackStaticResult> {
  const { target, allowed, host, signal } = checked;
  throwIfAborted(signal);
  const state = await readRemoteState(options.remote, target, signal).catch((error: unknown) => {
    throw remoteFailure(error, signal, `Reading ${target} on ${host}`);
  });
  if (!isBelowAny(state.realTarget, allowed)) {
    throw new StaticSyncError({
      code: 'STATIC_TARGET_NOT_ALLOWED',
      message: `target ${target} on ${host} resolves to ${state.realTarget}, outside the allowed prefixes.`,
      hint: 'Point target at the real folder, or add its prefix to allowedPrefixes.',
    });
  }
  const to = options.to ?? previousRelease(state);
  if (!to || !state.releases.includes(to)) {
    throw new StaticSyncError({
      code: 'STATIC_ROLLBACK_UNAVAILABLE',
      message: to
        ? `Release ${to} does not exist in ${target}/releases on ${host}.`
        : `No earlier release to roll back to in ${target} on ${host} (live: ${state.current ?? 'none'}).`,
      hint: `Releases there: ${state.releases.join(', ') || 'none'}. Pass \`to\` with one of them.`,
    });
  }
  const emit = options.onEvent ?? (() => {});
  throwIfAborted(signal);
  await switchLive(options.remote, { target, release: to });
  emit({ type: 'release_switched', host, release: to, previous: state.current });
  return { release: to, previous: state.current };
}
