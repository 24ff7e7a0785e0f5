import type { ManifestEntry } from './manifest.js';
import { planUpload, sameFiles } from './plan-upload.js';
import type { SourceFile } from './scan-source.js';

/** What a sync of the source would do, in numbers (planStatic's answer). */
export interface PlanSummary {
  /**
   * `new`: a sync uploads what the counts say; `present`: the release is already there
   * with exactly these files (nothing would travel); `conflict`: it is there with other
   * files (the sync would fail with STATIC_RELEASE_EXISTS).
   */
  releaseStatus: 'new' | 'present' | 'conflict';
  /** Files and bytes in the source. */
  files: number;
  bytes: number;
  /** New or changed files against the live release: they would travel. */
  uploadFiles: number;
  uploadBytes: number;
  /** Unchanged files: hard links on the server, no bytes on the wire. */
  reusedFiles: number;
  /** Files of the live release that the new one no longer has. */
  deletedFiles: number;
}

/**
 * Counts what a sync would upload: against the live release's manifest (none: every file
 * travels), or nothing when a release of that name already holds exactly these files —
 * the same decisions stageRelease takes.
 */
export function summarizePlan(options: {
  files: readonly SourceFile[];
  live: ReadonlyMap<string, ManifestEntry> | undefined;
  /** The manifest of a release of the same name on the server (null: it has none). */
  existing?: ReadonlyMap<string, ManifestEntry> | null | undefined;
}): PlanSummary {
  const { files } = options;
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  if (options.existing && sameFiles(options.existing, files)) {
    return {
      releaseStatus: 'present',
      files: files.length,
      bytes,
      uploadFiles: 0,
      uploadBytes: 0,
      reusedFiles: files.length,
      deletedFiles: 0,
    };
  }
  const plan = planUpload(files, options.live);
  const wanted = new Set(files.map((file) => file.path));
  return {
    releaseStatus: options.existing === undefined ? 'new' : 'conflict',
    files: files.length,
    bytes,
    uploadFiles: plan.upload.length,
    uploadBytes: plan.upload.reduce((sum, file) => sum + file.size, 0),
    reusedFiles: plan.reuse.length,
    deletedFiles: plan.dropEntries.filter((entry) => !wanted.has(entry.path)).length,
  };
}
