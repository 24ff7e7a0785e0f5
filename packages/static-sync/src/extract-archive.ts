import { createWriteStream } from 'node:fs';
import { mkdir, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { CollectStaticError } from './errors.js';
import { assertSafeRelativePath } from './safe-path.js';

/**
 * Writes the files of a tar stream from the Engine API's
 * `GET /containers/{id}/archive` into `into`, without the archive's top folder
 * (the archive of /app/staticfiles holds `staticfiles/…`). Every path is
 * checked; links are refused, since collectstatic copies files.
 */
export async function extractArchive(
  archive: NodeJS.ReadableStream,
  into: string,
  signal?: AbortSignal,
): Promise<void> {
  const entries = extract();
  const done = (async () => {
    for await (const entry of entries) {
      const { name, type, mode, mtime } = entry.header;
      const relativePath = name.replace(/\/+$/, '').split('/').slice(1).join('/');
      if (relativePath === '') {
        entry.resume();
        continue;
      }
      assertSafeRelativePath(relativePath, 'the container archive');
      const path = join(into, relativePath);
      if (type === 'directory') {
        await mkdir(path, { recursive: true });
        entry.resume();
      } else if (type === 'file' || type === 'contiguous-file') {
        await mkdir(dirname(path), { recursive: true });
        await pipeline(entry, createWriteStream(path, { mode: (mode ?? 0o644) & 0o777 }));
        if (mtime) await utimes(path, mtime, mtime);
      } else {
        throw new CollectStaticError({
          reason: `the collected folder holds a ${type} entry (${relativePath}), not a plain file`,
          output: [],
          hint: 'Run collectstatic without --link so it copies the files.',
        });
      }
    }
  })();
  await Promise.all([
    signal ? pipeline(archive, entries, { signal }) : pipeline(archive, entries),
    done,
  ]);
}
