import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { abortReasonError } from '@swarmlift/core';
import { StaticSyncError } from './errors.js';
import { defaultHashCacheFile, type HashCache, loadHashCache } from './hash-cache.js';
import { assertSafeRelativePath } from './safe-path.js';

/** One regular file of the source folder. */
export interface SourceFile {
  /** Relative to the source folder, with `/`. */
  path: string;
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
  /** Where to read it (a symlink inside the source resolves to its target). */
  absolutePath: string;
  /** Kept on the server: nginx derives Last-Modified and the ETag from it. */
  mtimeMs: number;
}

/**
 * Lists every regular file below `source` with its size and SHA-256, sorted
 * by path. Symlinks are followed when they stay inside the source (what
 * collectstatic itself produces with `--link`); one that escapes it is
 * PATH_INVALID, before anything is uploaded.
 */
export async function scanSource(
  source: string,
  options: { hashCache?: string | false | undefined; signal?: AbortSignal | undefined } = {},
): Promise<SourceFile[]> {
  const { signal } = options;
  signal?.throwIfAborted();
  let root: string;
  try {
    root = await realpath(source);
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new StaticSyncError({
      code: 'STATIC_SOURCE_INVALID',
      message: `source ${source} is not a readable folder: ${(error as Error).message}`,
      hint: 'Pass the folder collectStatic returned (its `dir`), or your STATIC_ROOT.',
      cause: error,
    });
  }
  try {
    const found: Found[] = [];
    await walk(root, root, found, signal);
    found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const cache = await loadHashCache(options.hashCache ?? defaultHashCacheFile(root));
    const hashed = await hashAll(found, cache, signal);
    await cache.save();
    return hashed;
  } catch (error) {
    if (signal?.aborted) throw abortReasonError(signal);
    if (StaticSyncError.isInstance(error)) throw error;
    throw new StaticSyncError({
      code: 'STATIC_SOURCE_INVALID',
      message: `Reading the source ${source} failed: ${(error as Error).message}`,
      hint: 'A file could not be read (permissions?) or vanished while it was read; check the folder and run the sync again. Nothing was uploaded.',
      cause: error,
    });
  }
}

type Found = Omit<SourceFile, 'sha256'> & { stamp: string };

function stampOf(info: Stats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
}

/**
 * Small files are read and hashed synchronously in batches (3x faster here than
 * async reads through the thread pool, which cost several round trips per
 * file), yielding to the event loop between batches; big files are streamed.
 */
async function hashAll(
  found: readonly Found[],
  cache: HashCache,
  signal: AbortSignal | undefined,
): Promise<SourceFile[]> {
  const hashed: SourceFile[] = [];
  for (let start = 0; start < found.length; start += 64) {
    signal?.throwIfAborted();
    for (const { stamp, ...file } of found.slice(start, start + 64)) {
      const sha256 =
        cache.get(file.path, stamp) ??
        (file.size <= 1024 * 1024
          ? createHash('sha256').update(readFileSync(file.absolutePath)).digest('hex')
          : await sha256File(file.absolutePath, signal));
      cache.set(file.path, stamp, sha256);
      hashed.push({ ...file, sha256 });
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return hashed;
}

/**
 * The walk is synchronous: readdir and lstat answer from the kernel's caches in
 * microseconds, while an async call per file costs a thread-pool round trip.
 */
async function walk(
  root: string,
  dir: string,
  found: Found[],
  signal: AbortSignal | undefined,
  prefix = '',
): Promise<void> {
  // Let SSH traffic (the server-side linking started meanwhile) through now and then.
  await new Promise((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const absolute = `${dir}${sep}${entry.name}`;
    const path = `${prefix}${entry.name}`;
    assertSafeRelativePath(path, 'the source folder');
    if (entry.isDirectory()) {
      await walk(root, absolute, found, signal, `${path}/`);
    } else if (entry.isFile()) {
      const info = lstatSync(absolute);
      found.push({
        path,
        size: info.size,
        absolutePath: absolute,
        mtimeMs: info.mtimeMs,
        stamp: stampOf(info),
      });
    } else if (entry.isSymbolicLink()) {
      const resolved = await realpath(absolute).catch(() => undefined);
      if (!resolved || !(resolved === root || resolved.startsWith(`${root}${sep}`))) {
        throw new StaticSyncError({
          code: 'STATIC_PATH_INVALID',
          message: `Symlink ${path} in the source points ${resolved ? `outside it (${resolved})` : 'nowhere'}.`,
          hint: 'Static files must be inside the source folder: copy the file in (collectstatic without --link does), or remove the link. Nothing was uploaded.',
        });
      }
      const info = await stat(resolved);
      if (info.isDirectory()) {
        throw new StaticSyncError({
          code: 'STATIC_PATH_INVALID',
          message: `Symlink ${path} in the source points to a folder (${resolved}).`,
          hint: 'Links to folders are not followed (they can form loops); copy the files in instead. Nothing was uploaded.',
        });
      }
      if (info.isFile()) {
        found.push({
          path,
          size: info.size,
          absolutePath: resolved,
          mtimeMs: info.mtimeMs,
          stamp: stampOf(info),
        });
      }
    }
    // Sockets, FIFOs and devices are not static files: skipped.
  }
}

export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** `fn`, called at most once; later calls share its promise. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= fn();
    return result;
  };
}
