import { abortReasonError, OptionsError, throwIfAborted, withDeadline } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import { checkCallOptions, checkSession } from './check-call-options.js';
import type { TransportOption } from './choose-transport.js';
import type { StaticSyncEvent } from './events.js';
import { assertReleaseName, assertTarget, DEFAULT_ALLOWED_PREFIXES } from './safe-path.js';
import { once, scanSource } from './scan-source.js';
import { discardStagedRelease, type StagedRelease, stageRelease } from './stage-release.js';
import { switchAndPrune } from './switch-and-prune.js';

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
  /**
   * Default true: switch the live link to the new release once it is complete, then
   * prune. `false` only stages it: `releases/<release>/` is complete on the server, the
   * link stays where it is and nothing is pruned; `activateStatic` switches later (and
   * `rollbackStatic` goes back). A staged release is not pruned by other syncs for an hour.
   */
  activate?: boolean;
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
   * With `activate: false`, an abort before the call resolves removes the staged release.
   */
  signal?: AbortSignal;
  /** Gives up after this long, like `signal` (TimedOutError). Default: no limit. */
  timeoutMs?: number;
  onEvent?: (event: StaticSyncEvent) => void;
}

export interface SyncStaticResult {
  release: string;
  /**
   * True: `release` is live now. False (`activate: false`): it is staged and `previous`
   * is still live.
   */
  activated: boolean;
  /** The release that was live before this sync (with `activate: false`: the live one). */
  previous: string | undefined;
  uploadedFiles: number;
  /** Size of the files that travelled, uncompressed. */
  uploadedBytes: number;
  /** Bytes written to the SSH channel for them (after compression). */
  sentBytes: number;
  reusedFiles: number;
  /** Old releases pruned (always empty with `activate: false`). */
  deletedReleases: string[];
  /** A plain `static/` folder found on the first run, now `releases/<this name>`. */
  migratedStaticTo: string | undefined;
  transport: 'tar' | 'sftp' | 'none';
  durationMs: number;
}

/**
 * Uploads the files of `source` that changed since the live release into
 * `<target>/releases/<release>/` (the rest are hard links on the server),
 * then switches `<target>/static` to it in one rename and prunes old releases
 * (unless `activate: false`, which stops after the upload).
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
    if (!checked.activate) {
      await keepStaged(options.remote, staged, checked, signal);
      return { ...stagedResultOf(staged), durationMs: Date.now() - started };
    }
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
  activate: boolean;
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
  if (options.activate !== undefined && typeof options.activate !== 'boolean') {
    throw new OptionsError({
      field: 'activate',
      message: `must be true or false, got ${typeof options.activate}.`,
      hint: 'Pass activate: false to stage the release without switching the live link.',
    });
  }
  return {
    target,
    release: options.release,
    keep,
    allowedPrefixes,
    transport: options.transport ?? 'auto',
    activate: options.activate ?? true,
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
): Promise<{ activated: true; deletedReleases: string[]; migratedStaticTo: string | undefined }> {
  const { deletedReleases, migratedStaticTo } = await switchAndPrune(remote, {
    host: staged.host,
    target: options.target,
    release: staged.release,
    state: staged.state,
    keep: options.keep,
    verify: false, // stageRelease checked the folder against its manifest a moment ago
    emit: options.emit,
    signal,
    discard: staged.existed ? undefined : () => discardOf(remote, staged, options),
  });
  return { activated: true, deletedReleases, migratedStaticTo };
}

/**
 * The end of a sync with `activate: false`: the release stays staged, unless the call was
 * aborted meanwhile (then it is removed, unless it was there before, and the abort thrown).
 */
export async function keepStaged(
  remote: Remote,
  staged: StagedRelease,
  options: CheckedSyncOptions,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (!signal?.aborted) return;
  if (!staged.existed) await discardOf(remote, staged, options);
  throw abortReasonError(signal);
}

function discardOf(remote: Remote, staged: StagedRelease, options: CheckedSyncOptions) {
  return discardStagedRelease(remote, {
    host: staged.host,
    target: options.target,
    release: staged.release,
    emit: options.emit,
  });
}

/** The result of a sync that only staged: nothing switched, nothing pruned. */
export function stagedResultOf(staged: StagedRelease): Omit<SyncStaticResult, 'durationMs'> {
  return {
    ...resultOf(staged),
    activated: false,
    deletedReleases: [],
    migratedStaticTo: undefined,
  };
}

export function resultOf(
  staged: StagedRelease,
): Omit<SyncStaticResult, 'activated' | 'deletedReleases' | 'migratedStaticTo' | 'durationMs'> {
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
