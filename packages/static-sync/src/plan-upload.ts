import type { ManifestEntry } from './manifest.js';
import type { SourceFile } from './scan-source.js';

export interface UploadPlan {
  /** New or changed files: they travel. */
  upload: SourceFile[];
  /** Unchanged files: hard-linked from the previous release on the server. */
  reuse: SourceFile[];
  /** Paths of the previous release that must not appear in the new one (changed or gone). */
  remove: string[];
  /** Manifest lines of the previous release to drop when the server derives the new manifest. */
  dropEntries: ManifestEntry[];
}

/**
 * Compares the source with the previous release's manifest: same path, size
 * and SHA-256 is reused, anything else travels.
 */
export function planUpload(
  files: readonly SourceFile[],
  previous: ReadonlyMap<string, ManifestEntry> | undefined,
): UploadPlan {
  const upload: SourceFile[] = [];
  const reuse: SourceFile[] = [];
  const remove: string[] = [];
  const dropEntries: ManifestEntry[] = [];
  const wanted = new Set<string>();
  for (const file of files) {
    wanted.add(file.path);
    const before = previous?.get(file.path);
    if (before && before.size === file.size && before.sha256 === file.sha256) {
      reuse.push(file);
    } else {
      upload.push(file);
      if (before) {
        remove.push(file.path);
        dropEntries.push(before);
      }
    }
  }
  for (const [path, entry] of previous ?? []) {
    if (!wanted.has(path)) {
      remove.push(path);
      dropEntries.push(entry);
    }
  }
  // A path that was a folder and is now a file: the folder goes whole (its files are
  // already dropped above). The reverse case needs nothing: the old file is not wanted.
  const previousFolders = new Set<string>();
  for (const path of previous?.keys() ?? []) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) previousFolders.add(parts.slice(0, i).join('/'));
  }
  for (const file of upload) {
    if (previousFolders.has(file.path)) remove.push(file.path);
  }
  return { upload, reuse, remove, dropEntries };
}

/** The source holds exactly the files of `manifest` (same paths, sizes and SHA-256s). */
export function sameFiles(
  manifest: ReadonlyMap<string, ManifestEntry>,
  files: readonly Pick<SourceFile, 'path' | 'size' | 'sha256'>[],
): boolean {
  return (
    manifest.size === files.length &&
    files.every((file) => {
      const entry = manifest.get(file.path);
      return entry?.size === file.size && entry.sha256 === file.sha256;
    })
  );
}
