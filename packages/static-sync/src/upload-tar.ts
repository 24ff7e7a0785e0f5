import { createReadStream, readFileSync } from 'node:fs';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Remote } from '@swarmlift/remote';
import { pack } from 'tar-stream';
import type { SourceFile } from './scan-source.js';

/** What either transport (tar or SFTP) takes: the files to send and the staging folder. */
export interface UploadOptions {
  files: readonly SourceFile[];
  into: string;
  onProgress?: (sentBytes: number) => void;
  /** Stops the upload: the command on the server is killed, local streams are destroyed. */
  signal?: AbortSignal | undefined;
}

export interface UploadResult {
  /** Compressed bytes written to the SSH channel. */
  sentBytes: number;
}

/** Formats that are compressed already: deflating them again costs CPU and saves nothing. */
const ALREADY_COMPRESSED =
  /\.(png|jpe?g|gif|webp|avif|heic|woff2?|gz|br|zst|bz2|xz|zip|7z|mp3|mp4|m4a|m4v|ogg|oga|ogv|webm|mov|pdf)$/i;

export function isAlreadyCompressed(path: string): boolean {
  return ALREADY_COMPRESSED.test(path);
}

/**
 * Sends `files` as one tar stream into `tar -xz` on the server, through one
 * exec channel of the Remote's session. The stream is two gzip members (gzip
 * reads concatenated members as one): text-like files deflated at level 6,
 * then images, fonts and archives stored as they are (like rsync's
 * skip-compress). tar's exit code and stderr are checked by remote.exec.
 */
export async function uploadWithTar(remote: Remote, options: UploadOptions): Promise<UploadResult> {
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
  const compressible = options.files.filter((file) => !isAlreadyCompressed(file.path));
  const stored = options.files.filter((file) => isAlreadyCompressed(file.path));
  const segments = [
    { files: compressible, level: 6 },
    { files: stored, level: 0 },
  ].filter((segment, index) => segment.files.length > 0 || index === 0);

  const streams: Array<{ destroy(): void }> = [counter];
  const local = (async () => {
    for (const [index, segment] of segments.entries()) {
      const last = index === segments.length - 1;
      const tarball = pack();
      const gzip = createGzip({ level: segment.level });
      streams.push(tarball, gzip);
      // Every segment but the last loses tar's end-of-archive blocks, so the server's tar
      // reads the segments as one archive.
      const parts = last ? pipeline(tarball, gzip) : pipeline(tarball, withoutEndOfArchive(), gzip);
      parts.catch(() => {}); // awaited below
      const forwarding = new Promise<void>((resolve, reject) => {
        gzip.on('error', reject);
        gzip.on('end', resolve);
        gzip.pipe(counter, { end: last });
      });
      forwarding.catch(() => {});
      for (const file of segment.files) {
        options.signal?.throwIfAborted();
        const header = {
          name: file.path,
          size: file.size,
          mode: 0o644,
          mtime: new Date(file.mtimeMs),
          type: 'file' as const,
        };
        if (file.size <= 1024 * 1024) {
          // Small files in one read: no stream and pipeline per file (their set-up cost more
          // than the copy for 10,000 files). The entry's callback waits for backpressure.
          const content = readFileSync(file.absolutePath);
          if (content.length !== file.size) {
            throw new Error(`${file.path} changed while it was being uploaded`);
          }
          await new Promise<void>((resolve, reject) =>
            tarball.entry(header, content, (error) => (error ? reject(error) : resolve())),
          );
          continue;
        }
        const entry = tarball.entry(header);
        await pipeline(createReadStream(file.absolutePath, { end: file.size - 1 }), entry);
      }
      tarball.finalize();
      await Promise.all([parts, forwarding]);
    }
  })();
  // A local failure (a file vanished) must stop tar on the server too, or it waits for
  // the rest of the stream forever; the abort kills it there.
  const abort = new AbortController();
  local.catch(() => abort.abort());
  const stdin = new PassThrough();
  counter.pipe(stdin);
  const extracting = remote.exec(
    ['tar', '-xzf', '-', '--no-same-owner', '--no-overwrite-dir', '-C', options.into],
    {
      stdin,
      signal: options.signal ? AbortSignal.any([abort.signal, options.signal]) : abort.signal,
    },
  );
  extracting.catch(() => {});
  try {
    await Promise.all([extracting, local]);
  } catch (error) {
    // The first failure wins: a lost connection or tar's own stderr says more than the
    // broken pipe that follows it here.
    for (const stream of streams) stream.destroy();
    abort.abort();
    throw error;
  }
  return { sentBytes };
}

/** Drops the two zero blocks tar-stream writes at the end of an archive. */
export function withoutEndOfArchive(): Transform {
  const END = 1024;
  let held = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      held = Buffer.concat([held, chunk]);
      if (held.length > END) {
        const out = held.subarray(0, held.length - END);
        held = Buffer.from(held.subarray(held.length - END));
        callback(null, out);
      } else {
        callback();
      }
    },
    flush(callback) {
      if (held.length !== END || held.some((byte) => byte !== 0)) {
        callback(new Error('tar stream did not end with its end-of-archive blocks'));
      } else {
        callback();
      }
    },
  });
}
