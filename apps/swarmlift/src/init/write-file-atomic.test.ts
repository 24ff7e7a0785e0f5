import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-file-atomic.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sltest-init-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes the file with its mode, making parent folders', async () => {
    const path = join(dir, 'deployment', 'entrypoint.sh');
    await writeFileAtomic(path, '#!/bin/sh\n', { mode: 0o755 });
    expect(await readFile(path, 'utf8')).toBe('#!/bin/sh\n');
    expect((await stat(path)).mode & 0o777).toBe(0o755);
  });

  it('replaces an existing file whole', async () => {
    const path = join(dir, 'a.yml');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
  });

  it('on an error leaves nothing behind: no temporary file, the target untouched', async () => {
    // A folder where the file should go: the rename fails.
    const path = join(dir, 'target');
    await mkdir(join(path, 'inside'), { recursive: true });
    await expect(writeFileAtomic(path, 'content')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['target']);
    expect(await readdir(path)).toEqual(['inside']);
  });
});
