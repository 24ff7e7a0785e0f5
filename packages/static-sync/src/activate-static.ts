import { throwIfAborted, withDeadline } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import { checkSession } from './check-call-options.js';
import { checkTargetState } from './check-target-state.js';
import { describeHost } from './describe-host.js';
import { StaticSyncError } from './errors.js';
import type { StaticSyncEvent } from './events.js';
import { readRemoteState } from './remote-state.js';
import { remoteFailure } from './stopped.js';
import { switchAndPrune } from './switch-and-prune.js';
import { checkSyncOptions } from './sync-static.js';

export interface ActivateStaticOptions {
  /** The session to the server that runs nginx (from @swarmlift/remote's `connect`). */
  remote: Remote;
  /** Absolute folder on the server that holds `static`, `releases/`, `manifests/`. */
  target: string;
  /** The staged release to switch to (staged by `syncStatic({ activate: false })`). */
  release: string;
  /** Release folders to keep after the switch (the new live and the previous one always stay). Default 5. */
  keep?: number;
  /** `target` must be below one of these (after resolving symlinks on the server). */
  allowedPrefixes?: readonly string[];
  /**
   * Stops the call before the switch (CancelledError; the link is untouched); the switch
   * itself (one rename) is never interrupted, and an abort after it only skips the pruning.
   */
  signal?: AbortSignal;
  /** Gives up after this long, like `signal` (TimedOutError). Default: no limit. */
  timeoutMs?: number;
  onEvent?: (event: StaticSyncEvent) => void;
}

export interface ActivateStaticResult {
  release: string;
  /** The release that was live before the call (the one to go back to); `release` itself when it already was. */
  previous: string | undefined;
  /** False: `release` was already live, nothing was switched or pruned. */
  switched: boolean;
  deletedReleases: string[];
  /** A plain `static/` folder found instead of the link, now `releases/<this name>`. */
  migratedStaticTo: string | undefined;
  durationMs: number;
}

/**
 * Switches `<target>/static` to a release already uploaded (complete: its manifest is
 * there and the folder holds as many files as it lists) in one rename, then prunes old
 * releases as syncStatic does. A release that is missing is STATIC_RELEASE_MISSING, an
 * incomplete one STATIC_RELEASE_INCOMPLETE; the link is untouched in both cases.
 */
export async function activateStatic(
  options: ActivateStaticOptions,
): Promise<ActivateStaticResult> {
  const started = Date.now();
  checkSession(options.remote);
  const checked = checkSyncOptions(options);
  const { target, release, emit } = checked;
  const host = describeHost(options.remote);
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `activateStatic of release ${release}`,
  });
  try {
    const { signal } = deadline;
    throwIfAborted(signal);
    const state = await readRemoteState(options.remote, target, signal, {
      manifest: false,
    }).catch((error: unknown) => {
      throw remoteFailure(error, signal, `Reading ${target} on ${host}`);
    });
    checkTargetState(state, {
      target,
      host,
      allowedPrefixes: checked.allowedPrefixes,
      untouched: 'The link was not changed.',
    });
    const previous = state.staticKind === 'link' ? state.current : undefined;
    if (!state.releases.includes(release)) {
      throw new StaticSyncError({
        code: 'STATIC_RELEASE_MISSING',
        message: `Release ${release} is not in ${host}:${target}/releases (there: ${state.releases.join(', ') || 'none'}).`,
        hint: `Stage it first with syncStatic({ activate: false }). The link was not changed (${previous ? `still releases/${previous}` : 'no release is live'}).`,
      });
    }
    if (previous === release) {
      emit({ type: 'release_already_live', host, release });
      return {
        release,
        previous,
        switched: false,
        deletedReleases: [],
        migratedStaticTo: undefined,
        durationMs: Date.now() - started,
      };
    }
    const outcome = await switchAndPrune(options.remote, {
      host,
      target,
      release,
      state,
      keep: checked.keep,
      verify: true,
      emit,
      signal,
    });
    return {
      release,
      previous: previous ?? outcome.migratedStaticTo,
      switched: outcome.switched,
      deletedReleases: outcome.deletedReleases,
      migratedStaticTo: outcome.migratedStaticTo,
      durationMs: Date.now() - started,
    };
  } finally {
    deadline.dispose();
  }
}
