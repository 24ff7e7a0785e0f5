import { abortReasonError, OptionsError, throwIfAborted, withDeadline } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import { checkCallOptions, checkSession } from './check-call-options.js';
import { choosePrunable } from './choose-prunable.js';
import type { TransportOption } from './choose-transport.js';
import type { StaticSyncEvent } from './events.js';
import { removeReleases, switchLive } from './remote-release.js';
import { assertReleaseName, assertTarget, DEFAULT_ALLOWED_PREFIXES } from './safe-path.js';
import { once, scanSource } from './scan-source.js';
import { discardStagedRelease, type StagedRelease, stageRelease } from './stage-release.js';

export interface SyncStaticOptions {
  /** The session to the server that runs nginx (from @swarmlift/remote's `connect`). */
  remote: Remote;
  /** The local folder of collected files (collectStatic's `dir`). */
  source: string;
  /** Absolute folder on the server that holds `static`, `releases/`, `manifests/`. */
  target: string;
  /** Name of this release, e.g. the short git SHA. */
  release: string;
  /** Release folders to keep (the live and the previous one always stay). Default 5. */
  keep?: number;
  /** `target` must be below one of these (after resolving symlinks on the server). */
  allowedPrefixes?: readonly string[];
  /** Default `auto`: a tar stream when the server has tar, else SFTP. */
  transport?: TransportOption;
  /**
   * File that remembers the source files' SHA-256 by inode, size, mtime and ctime, so
   * unchanged files are not hashed again. Default: a file per source folder under
   * the OS temp folder; `false` hashes every file every time.
   */
  hashCache?: string | false;
  /**
   * Stops the sync. Before the link switch, what this sync put on the server is removed
   * and the call rejects with CancelledError; the switch itself (one rename) is never
   * interrupted, and once it happened the sync completes (without pruning, when aborted).
   */
  signal?: AbortSignal;
  /** Gives up after this long, like `signal` (TimedOutError). Default: no limit. */
  timeoutMs?: number;
  onEvent?: (event: StaticSyncEvent) => void;
}

export interface SyncStaticResult {
  release: string;
  /** The release that was live before this sync. */
  previous: string | undefined;
  uploadedFiles: number;
  /** Size of the files that travelled, uncompressed. */
  uploadedBytes: number;
  /** Bytes written to the SSH channel for them (after compression). */
  sentBytes: number;
  reusedFiles: number;
  deletedReleases: string[];
  /** A plain `static/` folder found on the first run, now `releases/<this name>`. */
  migratedStaticTo: string | undefined;
  transport: 'tar' | 'sftp' | 'none';
  durationMs: number;
}

/**
 * Uploads the files of `source` that changed since the live release into
 * `<target>/releases/<release>/` (the rest are hard links on the server),
 * then switches `<target>/static` to it in one rename and prunes old releases.
 */
export async function syncStatic(options: SyncStaticOptions): Promise<SyncStaticResult> {
  const started = Date.now();
  checkSession(options.remote);
  const checked = checkSyncOptions(options);
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `syncStatic of release ${checked.release}`,
  });
  try {
    const { signal } = deadline;
    throwIfAborted(signal);
    const files = once(() => scanSource(options.source, { hashCache: options.hashCache, signal }));
    const staged = await stageRelease(options.remote, { ...checked, files, signal });
    const live = await goLive(options.remote, staged, checked, signal);
    return { ...resultOf(staged), ...live, durationMs: Date.now() - started };
  } finally {
    deadline.dispose();
  }
}

export interface CheckedSyncOptions {
  target: string;
  release: string;
  keep: number;
  allowedPrefixes: readonly string[];
  transport: TransportOption;
  emit: (event: StaticSyncEvent) => void;
}

/** Everything that can be checked without the server, before anything is sent. */
export function checkSyncOptions(
  options: Omit<SyncStaticOptions, 'remote' | 'source'>,
): CheckedSyncOptions {
  checkCallOptions(options);
  assertReleaseName(options.release);
  const allowedPrefixes = options.allowedPrefixes ?? DEFAULT_ALLOWED_PREFIXES;
  const target = assertTarget(options.target, allowedPrefixes);
  const keep = options.keep ?? 5;
  if (!Number.isInteger(keep) || keep < 2) {
    throw new OptionsError({
      field: 'keep',
      message: `must be an integer of at least 2 (the live and the previous release), got ${String(keep)}.`,
      hint: 'Pass keep: 5 (the default) or any whole number from 2 up.',
    });
  }
  return {
    target,
    release: options.release,
    keep,
    allowedPrefixes,
    transport: options.transport ?? 'auto',
    emit: options.onEvent ?? (() => {}),
  };
}

/**
 * Switches the link to a staged release and prunes; the pieces of the result that follow
 * from it. Aborted before the switch, it removes the staged release (unless it was there
 * before this sync) and throws the abort's reason; after the switch, an abort only skips
 * the pruning.
 */
export async function goLive(
  remote: Remote,
  staged: StagedRelease,
  options: CheckedSyncOptions,
  signal?: AbortSignal,
): Promise<{ deletedReleases: string[]; migratedStaticTo: string | undefined }> {
  const { host, release, previous, state } = staged;
  if (state.current === release && state.staticKind === 'link') {
    return { deletedReleases: [], migratedStaticTo: undefined };
  }
  if (signal?.aborted) {
    if (!staged.existed) {
      await discardStagedRelease(remote, {
        host,
        target: options.target,
        release,
        emit: options.emit,
      });
    }
    throw abortReasonError(signal);
  }
  const { migratedTo } = await switchLive(remote, { target: options.target, release });
  if (migratedTo) options.emit({ type: 'static_migrated', host, legacyRelease: migratedTo });
  options.emit({ type: 'release_switched', host, release, previous: previous ?? migratedTo });
  const history = [...state.history, ...(migratedTo ? [migratedTo] : []), release];
  const deletedReleases = choosePrunable({
    releases: [...state.releases, ...(migratedTo ? [migratedTo] : [])],
    history,
    keep: options.keep,
    current: release,
    previous: previous ?? migratedTo,
  });
  if (deletedReleases.length === 0 || signal?.aborted) {
    return { deletedReleases: [], migratedStaticTo: migratedTo };
  }
  try {
    await removeReleases(remote, { target: options.target, releases: deletedReleases });
  } catch (error) {
    // The new release is live: a failed clean-up does not undo that. The next sync prunes.
    options.emit({
      type: 'warning',
      code: 'STATIC_PRUNE_FAILED',
      message: `Old releases (${deletedReleases.join(', ')}) could not be removed from ${host}:${options.target}: ${(error as Error).message}`,
      host,
      release,
    });
    return { deletedReleases: [], migratedStaticTo: migratedTo };
  }
  options.emit({ type: 'releases_pruned', host, releases: deletedReleases });
  return { deletedReleases, migratedStaticTo: migratedTo };
}

export function resultOf(
  staged: StagedRelease,
): Omit<SyncStaticResult, 'deletedReleases' | 'migratedStaticTo' | 'durationMs'> {
  return {
    release: staged.release,
    previous: staged.previous,
    uploadedFiles: staged.uploadedFiles,
    uploadedBytes: staged.uploadedBytes,
    sentBytes: staged.sentBytes,
    reusedFiles: staged.reusedFiles,
    transport: staged.transport,
  };
}
