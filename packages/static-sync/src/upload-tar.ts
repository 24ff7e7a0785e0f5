import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Remote } from '@swarmlift/remote';
import { pack } from 'tar-stream';
import type { SourceFile } from './scan-source.js';

export interface UploadResult {
  /** Compressed bytes written to the SSH channel. */
  sentBytes: number;
}

/**
 * Sends `files` as one gzip-compressed tar stream into `tar -xz` on the
 * server, through one exec channel of the Remote's session. tar's exit code
 * and stderr are checked by remote.exec (REMOTE_COMMAND_FAILED).
 */
export async function uploadWithTar(
  remote: Remote,
  options: {
    files: readonly SourceFile[];
    into: string;
    onProgress?: (sentBytes: number) => void;
  },
): Promise<UploadResult> {
  let sentBytes = 0;
  let reported = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      sentBytes += chunk.length;
      if (options.onProgress && sentBytes - reported >= 1024 * 1024) {
        reported = sentBytes;
        options.onProgress(sentBytes);
      }
      callback(null, chunk);
    },
  });
  const tarball = pack();
  const gzip = createGzip();
  const local = (async () => {
    const producing = pipeline(tarball, gzip, counter);
    // Awaited below; until then a failure is only recorded, never an unhandled rejection.
    producing.catch(() => {});
    for (const file of options.files) {
      const header = {
        name: file.path,
        size: file.size,
        mode: 0o644,
        mtime: new Date(file.mtimeMs),
        type: 'file' as const,
      };
      if (file.size === 0) {
        tarball.entry(header, Buffer.alloc(0));
        continue;
      }
      const entry = tarball.entry(header);
      await pipeline(createReadStream(file.absolutePath, { end: file.size - 1 }), entry);
    }
    tarball.finalize();
    await producing;
  })();
  // A local failure (a file vanished) must stop tar on the server too, or it waits for
  // the rest of the stream forever; the abort kills it there.
  const abort = new AbortController();
  local.catch(() => abort.abort());
  const extracting = remote.exec(
    ['tar', '-xzf', '-', '--no-same-owner', '--no-overwrite-dir', '-C', options.into],
    { stdin: counter, signal: abort.signal },
  );
  extracting.catch(() => {});
  try {
    await Promise.all([extracting, local]);
  } catch (error) {
    // The first failure wins: a lost connection or tar's own stderr says more than the
    // broken pipe that follows it here.
    for (const stream of [tarball, gzip, counter]) stream.destroy();
    abort.abort();
    throw error;
  }
  return { sentBytes };
}
