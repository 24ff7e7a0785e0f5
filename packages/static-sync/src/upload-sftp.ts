import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { mapLimit } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import type { UploadOptions, UploadResult } from './upload-tar.js';

type Sftp = Awaited<ReturnType<Remote['sftp']>>;

/**
 * The fallback for servers without tar: each file through the session's SFTP
 * subsystem (uncompressed), a few at a time, folders created as needed.
 */
export async function uploadWithSftp(
  remote: Remote,
  options: UploadOptions,
): Promise<UploadResult> {
  const sftp = await remote.sftp({ signal: options.signal });
  const folders = new Map<string, Promise<void>>();
  const ensureFolder = (folder: string): Promise<void> => {
    if (folder === options.into) return Promise.resolve();
    let made = folders.get(folder);
    if (!made) {
      made = ensureFolder(posix.dirname(folder)).then(() => mkdirIfMissing(sftp, folder));
      folders.set(folder, made);
    }
    return made;
  };
  let sentBytes = 0;
  let reported = 0;
  const { signal } = options;
  await mapLimit(options.files, 8, async (file) => {
    signal?.throwIfAborted();
    const remotePath = `${options.into}/${file.path}`;
    await ensureFolder(posix.dirname(remotePath));
    signal?.throwIfAborted();
    const writer = sftp.createWriteStream(remotePath, { mode: 0o644 });
    const reader = createReadStream(file.absolutePath);
    await (signal ? pipeline(reader, writer, { signal }) : pipeline(reader, writer));
    const seconds = file.mtimeMs / 1000;
    await new Promise<void>((resolve, reject) =>
      sftp.utimes(remotePath, seconds, seconds, (error) => (error ? reject(error) : resolve())),
    );
    sentBytes += file.size;
    if (options.onProgress && sentBytes - reported >= 1024 * 1024) {
      reported = sentBytes;
      options.onProgress(sentBytes);
    }
  });
  return { sentBytes };
}

function mkdirIfMissing(sftp: Sftp, folder: string): Promise<void> {
  return new Promise((resolve, reject) => {
    sftp.mkdir(folder, { mode: 0o755 }, (error) => {
      if (!error) return resolve();
      // Already there (e.g. hard-linked from the previous release): fine if it is a folder.
      sftp.stat(folder, (statError, stats) =>
        !statError && stats.isDirectory() ? resolve() : reject(error),
      );
    });
  });
}
