import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` to `path` as a whole or not at all: into a temporary file
 * beside it, then renamed over it (a rename within a folder is atomic), so an
 * error or a kill never leaves a half-written file. Parent folders are made.
 */
export async function writeFileAtomic(
  path: string,
  content: string,
  options: { mode?: number; signal?: AbortSignal | undefined } = {},
): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temporary = join(dir, `.${basename(path)}.swarmlift-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, { mode: options.mode ?? 0o644, signal: options.signal });
    // The umask may have narrowed the mode: set exactly what was asked.
    await chmod(temporary, options.mode ?? 0o644);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
