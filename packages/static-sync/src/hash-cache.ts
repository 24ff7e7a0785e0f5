import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * SHA-256s of the source's files from the previous run, keyed by path and
 * checked against device, inode, size, mtime and ctime (ctime changes on any
 * write and cannot be set back) — git's index idea, and a stricter form of
 * rsync's size+mtime quick check. A fresh checkout or a fresh collectstatic
 * on a new runner simply misses the cache and hashes everything.
 */
export interface HashCache {
  get(path: string, stamp: string): string | undefined;
  set(path: string, stamp: string, sha256: string): void;
  save(): Promise<void>;
}

export function defaultHashCacheFile(sourceRealPath: string): string {
  const key = createHash('sha256').update(sourceRealPath).digest('hex').slice(0, 32);
  return join(tmpdir(), 'swarmlift-static-sync', `${key}.json`);
}

export async function loadHashCache(file: string | false): Promise<HashCache> {
  const before = new Map<string, [string, string]>();
  const after: Record<string, [string, string]> = {};
  let changed = false;
  let kept = 0;
  if (file) {
    try {
      // Under a shared temp folder, only a cache this user wrote and nobody else can change
      // is trusted: a planted one could hide a changed file from the upload.
      for (const path of [dirname(file), file]) {
        const info = await stat(path);
        if (info.uid !== process.getuid?.() || (info.mode & 0o022) !== 0) {
          throw new Error(`${path} is not this user's alone`);
        }
      }
      const data = JSON.parse(await readFile(file, 'utf8')) as {
        v?: number;
        files?: Record<string, [string, string]>;
      };
      if (data.v === 1 && data.files) {
        for (const [path, entry] of Object.entries(data.files)) before.set(path, entry);
      }
    } catch {
      // No cache yet, or an unreadable one: everything is hashed.
    }
  }
  return {
    get(path, stamp) {
      const entry = before.get(path);
      return entry && entry[0] === stamp ? entry[1] : undefined;
    },
    set(path, stamp, sha256) {
      after[path] = [stamp, sha256];
      const entry = before.get(path);
      if (entry && entry[0] === stamp && entry[1] === sha256) kept++;
      else changed = true;
    },
    async save() {
      // Nothing new to remember: skip rewriting the same file.
      if (!file || (!changed && kept === before.size)) return;
      try {
        await mkdir(dirname(file), { recursive: true, mode: 0o700 });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify({ v: 1, files: after }), { mode: 0o600 });
        await rename(temporary, file);
      } catch {
        // A cache that cannot be written only costs time on the next run.
      }
    },
  };
}
