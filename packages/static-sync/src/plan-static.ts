import { throwIfAborted, withDeadline } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import { checkCallOptions, checkSession } from './check-call-options.js';
import { checkTargetState } from './check-target-state.js';
import { chooseTransport, type TransportOption } from './choose-transport.js';
import { describeHost } from './describe-host.js';
import { parseManifest } from './manifest.js';
import { readManifestText } from './remote-release.js';
import { readRemoteState } from './remote-state.js';
import { assertReleaseName, assertTarget, DEFAULT_ALLOWED_PREFIXES } from './safe-path.js';
import { scanSource } from './scan-source.js';
import { remoteFailure, stopped } from './stopped.js';
import { type PlanSummary, summarizePlan } from './summarize-plan.js';

export interface PlanStaticOptions {
  remote: Remote;
  /** The local folder of collected files (collectStatic's `dir`). */
  source: string;
  /** Absolute folder on the server that holds `static`, `releases/`, `manifests/`. */
  target: string;
  /** The release name a sync would use: when it is already there, nothing would travel (or it conflicts). */
  release?: string;
  allowedPrefixes?: readonly string[];
  /** As for syncStatic: decides `transport` in the answer (and STATIC_TOOLS_MISSING). */
  transport?: TransportOption;
  /** As for syncStatic: the local hash cache is read and updated (a later sync hashes nothing again). */
  hashCache?: string | false;
  signal?: AbortSignal;
  /** Gives up after this long (TimedOutError). Default: no limit. */
  timeoutMs?: number;
}

export interface PlanStaticResult extends PlanSummary {
  /** The release `<target>/static` serves now (what the counts compare with). */
  live: string | undefined;
  release: string | undefined;
  /** How the files would travel; `none` when nothing would. */
  transport: 'tar' | 'sftp' | 'none';
  /** `static` is a plain folder: the first switch would move it to `releases/legacy-<time>`. */
  migratesStatic: boolean;
  durationMs: number;
}

/**
 * What syncStatic of `source` would upload to `target`, decided as syncStatic decides
 * (against the live release's manifest, with the hash cache), without touching the
 * server: one read-only command (and one `cat` of a manifest when `release` is there).
 * A target a sync would refuse is refused with the same error.
 */
export async function planStatic(options: PlanStaticOptions): Promise<PlanStaticResult> {
  const started = Date.now();
  checkSession(options.remote);
  checkCallOptions(options);
  const allowedPrefixes = options.allowedPrefixes ?? DEFAULT_ALLOWED_PREFIXES;
  const target = assertTarget(options.target, allowedPrefixes);
  const { release } = options;
  if (release !== undefined) assertReleaseName(release);
  const host = describeHost(options.remote);
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `planStatic of ${target}`,
  });
  try {
    const { signal } = deadline;
    throwIfAborted(signal);
    const scanning = scanSource(options.source, { hashCache: options.hashCache, signal });
    scanning.catch(() => {});
    const state = await readRemoteState(options.remote, target, signal).catch((error: unknown) => {
      throw remoteFailure(error, signal, `Reading ${target} on ${host}`);
    });
    checkTargetState(state, { target, host, allowedPrefixes, untouched: 'Nothing was changed.' });
    const files = await scanning.catch((error: unknown) => {
      throw stopped(error, signal);
    });
    const live = state.staticKind === 'link' ? state.current : undefined;
    const liveManifest =
      live && state.currentManifest !== undefined && state.releases.includes(live)
        ? parseManifest(state.currentManifest, `${target}/manifests/${live}.tsv`)
        : undefined;
    let existing: ReturnType<typeof parseManifest> | null | undefined;
    if (release !== undefined && state.releases.includes(release)) {
      const text =
        release === live
          ? state.currentManifest
          : await readManifestText(options.remote, { target, release, signal }).catch(
              (error: unknown) => {
                throw remoteFailure(error, signal, `Reading the manifest of ${release} on ${host}`);
              },
            );
      existing =
        text === undefined ? null : parseManifest(text, `${target}/manifests/${release}.tsv`);
    }
    const summary = summarizePlan({ files, live: liveManifest, existing });
    return {
      ...summary,
      live,
      release,
      transport:
        summary.releaseStatus === 'present'
          ? 'none'
          : chooseTransport(options.transport ?? 'auto', state.hasTar),
      migratesStatic: state.staticKind === 'dir',
      durationMs: Date.now() - started,
    };
  } finally {
    deadline.dispose();
  }
}
