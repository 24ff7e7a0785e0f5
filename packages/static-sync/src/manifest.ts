import { StaticSyncError } from './errors.js';
import { assertSafeRelativePath } from './safe-path.js';

/** One file of a release as recorded on the server in `manifests/<release>.tsv`. */
export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

/** `<sha256>\t<size>\t<path>`: one line per file, so the server can merge manifests with grep. */
export function formatManifestLine(entry: ManifestEntry): string {
  return `${entry.sha256}\t${entry.size}\t${entry.path}`;
}

export function formatManifest(entries: readonly ManifestEntry[]): string {
  return entries.map((entry) => `${formatManifestLine(entry)}\n`).join('');
}

/**
 * Reads a manifest back from the server. Every path is checked like a
 * source path: a manifest that was tampered with cannot make the sync link
 * or delete anything outside the release folder.
 */
export function parseManifest(text: string, where: string): Map<string, ManifestEntry> {
  const entries = new Map<string, ManifestEntry>();
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line === '') return;
    const match = /^([0-9a-f]{64})\t(\d+)\t(.+)$/.exec(line);
    if (!match) {
      throw new StaticSyncError({
        code: 'STATIC_MANIFEST_INVALID',
        message: `${where}:${index + 1} is not "<sha256><TAB><size><TAB><path>".`,
        hint: 'The manifest on the server was changed by hand; remove it and the next sync uploads every file again.',
      });
    }
    const [, sha256 = '', size = '0', path = ''] = match;
    assertSafeRelativePath(path, `${where}:${index + 1}`);
    entries.set(path, { path, size: Number(size), sha256 });
  });
  return entries;
}
