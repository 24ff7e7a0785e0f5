import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Regular files below `dir` (symlinks not followed) and their total size. */
export async function folderSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        files++;
        bytes += (await lstat(path)).size;
      }
    }
  };
  await walk(dir);
  return { files, bytes };
}
