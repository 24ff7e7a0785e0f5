import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
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
    await expect(scanSource(join(dir, 'src'))).rejects.toMatchObject({ code: 'PATH_INVALID' });
  });

  it('names a missing source', async () => {
    await expect(scanSource(join(dir, 'nope'))).rejects.toMatchObject({ code: 'SOURCE_INVALID' });
  });
});
