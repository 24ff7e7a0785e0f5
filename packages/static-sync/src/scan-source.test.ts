import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanSource } from './scan-source.js';

describe('scanSource', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sltest-scan-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists files sorted with size and sha256, following links inside the source', async () => {
    await mkdir(join(dir, 'src/css'), { recursive: true });
    await writeFile(join(dir, 'src/css/b.css'), 'body{}');
    await writeFile(join(dir, 'src/a.js'), '');
    await symlink('css/b.css', join(dir, 'src/link.css'));
    const files = await scanSource(join(dir, 'src'));
    expect(files.map((f) => [f.path, f.size])).toEqual([
      ['a.js', 0],
      ['css/b.css', 6],
      ['link.css', 6],
    ]);
    expect(files[1]?.sha256).toBe(createHash('sha256').update('body{}').digest('hex'));
  });

  it('refuses a symlink that escapes the source', async () => {
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'secret'), 'x');
    await symlink('../secret', join(dir, 'src/innocent.css'));
    await expect(scanSource(join(dir, 'src'))).rejects.toMatchObject({
      code: 'STATIC_PATH_INVALID',
    });
  });

  it('reuses cached hashes only while inode, size, mtime and ctime are unchanged', async () => {
    await mkdir(join(dir, 'src'));
    const file = join(dir, 'src/app.css');
    await writeFile(file, 'aaaa');
    const cacheFile = join(dir, 'cache.json');
    const [first] = await scanSource(join(dir, 'src'), { hashCache: cacheFile });
    // Plant a marker hash in the cache: a hit returns it.
    const cache = JSON.parse(await readFile(cacheFile, 'utf8'));
    cache.files['app.css'][1] = 'f'.repeat(64);
    await writeFile(cacheFile, JSON.stringify(cache));
    expect((await scanSource(join(dir, 'src'), { hashCache: cacheFile }))[0]?.sha256).toBe(
      'f'.repeat(64),
    );
    // Same size, mtime set back: ctime still moves, so the file is hashed again.
    const before = await stat(file);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(file, 'bbbb');
    await utimes(file, before.atime, before.mtime);
    const [again] = await scanSource(join(dir, 'src'), { hashCache: cacheFile });
    expect(again?.sha256).toBe(createHash('sha256').update('bbbb').digest('hex'));
    expect(again?.sha256).not.toBe(first?.sha256);
    // Without a cache, nothing is read or written.
    expect((await scanSource(join(dir, 'src'), { hashCache: false }))[0]?.sha256).toBe(
      again?.sha256,
    );
  });

  it('names a missing source', async () => {
    await expect(scanSource(join(dir, 'nope'))).rejects.toMatchObject({
      code: 'STATIC_SOURCE_INVALID',
    });
  });
});
