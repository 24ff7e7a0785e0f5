import { throwIfAborted, withDeadline } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import { checkCallOptions, checkSession } from './check-call-options.js';
import { describeHost } from './describe-host.js';
import { describeStaticState, type StaticState } from './describe-static-state.js';
import { StaticSyncError } from './errors.js';
import { readRemoteState } from './remote-state.js';
import { assertTarget, DEFAULT_ALLOWED_PREFIXES, isBelowAny } from './safe-path.js';
import { remoteFailure } from './stopped.js';

export interface ReadStaticStateOptions {
  remote: Remote;
  /** Absolute folder on the server that holds `static`, `releases/`, `manifests/`. */
  target: string;
  /** `target` must be below one of these (after resolving symlinks on the server). */
  allowedPrefixes?: readonly string[];
  signal?: AbortSignal;
  /** Gives up after this long (TimedOutError). Default: no limit. */
  timeoutMs?: number;
}

/**
 * Reads, in one command that changes nothing, which release `<target>/static` serves,
 * which one rollbackStatic would go back to, and which releases are present (newest
 * first) or staged. A target that does not exist yet is `layout: 'none'` with no releases.
 */
export async function readStaticState(options: ReadStaticStateOptions): Promise<StaticState> {
  checkSession(options.remote);
  checkCallOptions(options);
  const allowed = options.allowedPrefixes ?? DEFAULT_ALLOWED_PREFIXES;
  const target = assertTarget(options.target, allowed);
  const host = describeHost(options.remote);
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `readStaticState of ${target}`,
  });
  try {
    const { signal } = deadline;
    throwIfAborted(signal);
    const state = await readRemoteState(options.remote, target, signal, {
      manifest: false,
    }).catch((error: unknown) => {
      throw remoteFailure(error, signal, `Reading ${target} on ${host}`);
    });
    if (!isBelowAny(state.realTarget, allowed)) {
      throw new StaticSyncError({
        code: 'STATIC_TARGET_NOT_ALLOWED',
        message: `target ${target} on ${host} resolves to ${state.realTarget}, outside the allowed prefixes (${allowed.join(', ')}).`,
        hint: 'Point target at the real folder, or add its prefix to allowedPrefixes.',
      });
    }
    return describeStaticState(state);
  } finally {
    deadline.dispose();
  }
}
