import { abortReasonError } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import { checkTargetState } from './check-target-state.js';
import { chooseTransport, type TransportOption } from './choose-transport.js';
import { describeHost } from './describe-host.js';
import { StaticSyncError } from './errors.js';
import type { StaticSyncEvent } from './events.js';
import { type ManifestEntry, parseManifest } from './manifest.js';
import { planUpload, sameFiles } from './plan-upload.js';
import {
  discardRelease,
  finalizeStaging,
  prepareStaging,
  readManifestText,
  stagingFolder,
  unlinkFromStaging,
} from './remote-release.js';
import { type RemoteState, readRemoteState } from './remote-state.js';
import type { SourceFile } from './scan-source.js';
import { remoteFailure, stopped } from './stopped.js';
import { uploadWithSftp } from './upload-sftp.js';
import { uploadWithTar } from './upload-tar.js';

/** A complete release folder on one server, not yet live. */
export interface StagedRelease {
  host: string;
  release: string;
  /** The release that was live before (what `static` pointed to). */
  previous: string | undefined;
  state: RemoteState;
  uploadedFiles: number;
  /** Bytes of the files that travelled (uncompressed). */
  uploadedBytes: number;
  /** Bytes written to the SSH channel (compressed with tar). */
  sentBytes: number;
  reusedFiles: number;
  transport: 'tar' | 'sftp' | 'none';
  /** The release folder already existed with exactly these files; nothing was staged. */
  existed: boolean;
}

/**
 * Checks the target on the server, reads the live release's manifest, and
 * builds `releases/<release>/` from hard links and the files that changed.
 * The live link is not touched.
 */
export async function stageRelease(
  remote: Remote,
  options: {
    target: string;
    release: string;
    /** Starts (once) the source scan: called after the server was read and linking began. */
    files: () => Promise<readonly SourceFile[]>;
    allowedPrefixes: readonly string[];
    transport: TransportOption;
    emit: (event: StaticSyncEvent) => void;
    signal?: AbortSignal | undefined;
  },
): Promise<StagedRelease> {
  const host = describeHost(remote);
  const { target, release, signal } = options;
  const state = await readRemoteState(remote, target, signal).catch((error: unknown) => {
    throw remoteFailure(error, signal, `Reading ${target} on ${host}`);
  });
  checkTargetState(state, {
    target,
    host,
    allowedPrefixes: options.allowedPrefixes,
    untouched: 'Nothing was uploaded.',
  });
  const previous = state.current;
  const base = { host, release, previous, state, uploadedFiles: 0, uploadedBytes: 0, sentBytes: 0 };

  if (state.releases.includes(release)) {
    const files = await options.files();
    const text =
      release === state.current
        ? state.currentManifest
        : await readManifestText(remote, { target, release, signal }).catch((error: unknown) => {
            throw remoteFailure(error, signal, `Reading the manifest of ${release} on ${host}`);
          });
    if (
      text !== undefined &&
      sameFiles(parseManifest(text, `${target}/manifests/${release}.tsv`), files)
    ) {
      options.emit({ type: 'release_reused', host, release });
      return { ...base, reusedFiles: files.length, transport: 'none', existed: true };
    }
    throw new StaticSyncError({
      code: 'STATIC_RELEASE_EXISTS',
      message: `Release ${release} already exists in ${target}/releases on ${host} with other files.`,
      hint: 'Each release name is used once (the short git SHA is a good one); pick a new name or roll back with rollbackStatic.',
    });
  }

  const previousManifest =
    previous && state.currentManifest !== undefined && state.releases.includes(previous)
      ? parseManifest(state.currentManifest, `${target}/manifests/${previous}.tsv`)
      : undefined;
  const transport = chooseTransport(options.transport, state.hasTar);
  const baseRelease = previousManifest ? previous : undefined;
  // From here on the server may hold a staging folder of this release; whatever stops the
  // sync before it is finished removes it again (an abort), or leaves it to the next sync.
  const discard = () => discardStagedRelease(remote, { host, target, release, emit: options.emit });
  // Hard-linking the base on the server overlaps with hashing the source here. Without a
  // base, nothing is created on the server until the source has passed its checks.
  const linking = baseRelease
    ? prepareStaging(remote, { target, release, base: baseRelease, signal })
    : undefined;
  linking?.catch(() => {});
  let files: readonly SourceFile[];
  try {
    files = await options.files();
  } catch (error) {
    if (linking) {
      await linking.catch(() => {});
      await discard();
    }
    throw stopped(error, signal);
  }
  const plan = planUpload(files, previousManifest);
  const uploadBytes = plan.upload.reduce((sum, file) => sum + file.size, 0);
  options.emit({
    type: 'sync_planned',
    host,
    release,
    previous,
    uploadFiles: plan.upload.length,
    uploadBytes,
    reusedFiles: plan.reuse.length,
    removedFiles: plan.remove.length,
    transport,
  });

  const started = Date.now();
  let sentBytes = 0;
  try {
    await (linking ?? prepareStaging(remote, { target, release, base: undefined, signal }));
    await unlinkFromStaging(remote, { target, release, paths: plan.remove, signal });
    const upload = transport === 'tar' ? uploadWithTar : uploadWithSftp;
    ({ sentBytes } = await upload(remote, {
      files: plan.upload,
      into: stagingFolder(target, release),
      onProgress: (sent) => options.emit({ type: 'upload_progress', host, sentBytes: sent }),
      signal,
    }));
    options.emit({
      type: 'upload_finished',
      host,
      files: plan.upload.length,
      sentBytes,
      durationMs: Date.now() - started,
    });
    await finalizeStaging(remote, {
      target,
      release,
      base: baseRelease,
      expectedFiles: files.length,
      drop: plan.dropEntries,
      add: plan.upload.map(toEntry),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) {
      await discard();
      throw abortReasonError(signal);
    }
    if (StaticSyncError.isInstance(error)) throw error;
    throw new StaticSyncError({
      code: 'STATIC_UPLOAD_FAILED',
      message: `Uploading release ${release} to ${host}:${target} failed: ${(error as Error).message}`,
      hint: `The live link was not touched (${previous ? `still releases/${previous}` : 'no release was live'}); the half-built release is removed by the next sync. Run the sync again.`,
      cause: error,
    });
  }
  options.emit({ type: 'release_staged', host, release });
  return {
    ...base,
    uploadedFiles: plan.upload.length,
    uploadedBytes: uploadBytes,
    sentBytes,
    reusedFiles: plan.reuse.length,
    transport,
    existed: false,
  };
}

/**
 * Removes a release that a sync staged but did not switch to (see discardRelease) and says
 * so in an event; a failure to remove it is a warning, not an error.
 */
export async function discardStagedRelease(
  remote: Remote,
  options: {
    host: string;
    target: string;
    release: string;
    emit: (event: StaticSyncEvent) => void;
  },
): Promise<void> {
  const { host, target, release, emit } = options;
  try {
    await discardRelease(remote, { target, release });
    emit({ type: 'staged_release_discarded', host, release });
  } catch (error) {
    emit({
      type: 'warning',
      code: 'STATIC_CLEANUP_FAILED',
      message: `The staged release ${release} could not be removed from ${host}:${target}: ${(error as Error).message}`,
      host,
      release,
    });
  }
}

function toEntry(file: SourceFile): ManifestEntry {
  return { path: file.path, size: file.size, sha256: file.sha256 };
}
