import { abortReasonError } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import { choosePrunable } from './choose-prunable.js';
import type { StaticSyncEvent } from './events.js';
import { recentlyStaged } from './recently-staged.js';
import { removeReleases, switchLive } from './remote-release.js';
import type { RemoteState } from './remote-state.js';

export interface SwitchOutcome {
  /** False when the release was already live: nothing was switched or pruned. */
  switched: boolean;
  deletedReleases: string[];
  /** A plain `static/` folder found on the server, now `releases/<this name>`. */
  migratedStaticTo: string | undefined;
}

/**
 * Switches `<target>/static` to `release` (one rename) and prunes beyond `keep`, never
 * the new live release, the one live before it, nor a release another deploy staged
 * within the last hour. Aborted before the switch, it calls `discard` (if given) and
 * throws the abort's reason; the switch itself is never interrupted, and an abort after
 * it only skips the pruning. `state` is the target as read before.
 */
export async function switchAndPrune(
  remote: Remote,
  options: {
    host: string;
    target: string;
    release: string;
    state: RemoteState;
    keep: number;
    /** Refuse a release folder without its manifest or with files missing. */
    verify: boolean;
    emit: (event: StaticSyncEvent) => void;
    signal: AbortSignal | undefined;
    discard?: (() => Promise<void>) | undefined;
  },
): Promise<SwitchOutcome> {
  const { host, target, release, state, emit, signal } = options;
  if (state.current === release && state.staticKind === 'link') {
    return { switched: false, deletedReleases: [], migratedStaticTo: undefined };
  }
  if (signal?.aborted) {
    await options.discard?.();
    throw abortReasonError(signal);
  }
  const { migratedTo } = await switchLive(remote, {
    target,
    release,
    verify: options.verify,
    host,
  });
  if (migratedTo) emit({ type: 'static_migrated', host, legacyRelease: migratedTo });
  const previous = state.current ?? migratedTo;
  emit({ type: 'release_switched', host, release, previous });
  const releases = [...state.releases, ...(migratedTo ? [migratedTo] : [])];
  const history = [...state.history, ...(migratedTo ? [migratedTo] : []), release];
  const deletedReleases = choosePrunable({
    releases,
    history,
    keep: options.keep,
    current: release,
    previous,
    protect: recentlyStaged({
      releases,
      history,
      manifestTimes: state.manifestTimes,
      now: state.now,
    }),
  });
  if (deletedReleases.length === 0 || signal?.aborted) {
    return { switched: true, deletedReleases: [], migratedStaticTo: migratedTo };
  }
  try {
    await removeReleases(remote, { target, releases: deletedReleases });
  } catch (error) {
    // The new release is live: a failed clean-up does not undo that. The next sync prunes.
    emit({
      type: 'warning',
      code: 'STATIC_PRUNE_FAILED',
      message: `Old releases (${deletedReleases.join(', ')}) could not be removed from ${host}:${target}: ${(error as Error).message}`,
      host,
      release,
    });
    return { switched: true, deletedReleases: [], migratedStaticTo: migratedTo };
  }
  emit({ type: 'releases_pruned', host, releases: deletedReleases });
  return { switched: true, deletedReleases, migratedStaticTo: migratedTo };
}
