import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { CONTEXT_MTIME, listContext, packContext } from './build-context.js';

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ib-ctx-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

async function digest(context: string, dockerfile?: string): Promise<string> {
  const { stream } = await packContext({ context, ...(dockerfile ? { dockerfile } : {}) });
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('packContext', () => {
  it('applies .dockerignore but always sends the Dockerfile and .dockerignore', async () => {
    const root = await tree({
      Dockerfile: 'FROM scratch\n',
      '.dockerignore': 'Dockerfile\n.dockerignore\n*.env\nnode_modules\n',
      'app.py': 'print()\n',
      'prod.env': 'SECRET=1\n',
      'node_modules/x/index.js': '',
    });
    expect(await listContext({ context: root })).toEqual(['.dockerignore', 'Dockerfile', 'app.py']);
  });

  it('walks an excluded folder when an exception lies below it', async () => {
    const root = await tree({
      Dockerfile: '',
      '.dockerignore': 'vendor\n!vendor/keep/this.txt\n',
      'vendor/drop.txt': '',
      'vendor/keep/this.txt': '',
      'vendor/keep/not-this.txt': '',
    });
    expect(await listContext({ context: root })).toEqual([
      '.dockerignore',
      'Dockerfile',
      'vendor/keep/this.txt',
    ]);
  });

  it('sends everything when told to ignore .dockerignore', async () => {
    const root = await tree({ Dockerfile: '', '.dockerignore': '*.env\n', 'a.env': '' });
    expect(await listContext({ context: root, dockerignore: false })).toEqual([
      '.dockerignore',
      'Dockerfile',
      'a.env',
    ]);
  });

  it('adds a Dockerfile from outside the context under a name .dockerignore lists', async () => {
    const outer = await tree({ 'deploy/Dockerfile': 'FROM scratch\n', 'app/main.py': '' });
    const packed = await packContext({
      context: join(outer, 'app'),
      dockerfile: '../deploy/Dockerfile',
    });
    const entries = new Map<string, string>();
    const reader = extract();
    reader.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => {
        chunks.push(c as Buffer);
      });
      body.on('end', () => {
        entries.set(header.name, Buffer.concat(chunks).toString());
        next();
      });
    });
    await new Promise<void>((resolve, reject) => {
      reader.on('finish', resolve).on('error', reject);
      packed.stream.pipe(reader as unknown as NodeJS.WritableStream);
    });
    expect(packed.dockerfile).toMatch(/^\.dockerfile\.[0-9a-f]{20}$/);
    expect(entries.get(packed.dockerfile)).toBe('FROM scratch\n');
    expect(entries.get('.dockerignore')).toContain(packed.dockerfile);
    expect([...entries.keys()]).toContain('main.py');
  });

  it('is deterministic: same tree, same bytes, whatever the mtimes', async () => {
    const root = await tree({ Dockerfile: 'FROM scratch\n', 'b/c.txt': 'c', 'a.txt': 'a' });
    const first = await digest(root);
    await utimes(join(root, 'a.txt'), new Date(), new Date('2011-01-01'));
    expect(await digest(root)).toBe(first);
  });

  it('writes sorted entries owned by root with the fixed mtime, and keeps symlinks', async () => {
    const root = await tree({ Dockerfile: '', 'z.txt': '', 'a/b.txt': '' });
    await symlink('z.txt', join(root, 'link'));
    const { stream } = await packContext({ context: root });
    const headers: Array<{
      name: string;
      uid?: number;
      gid?: number;
      mtime?: Date;
      type?: string | null;
    }> = [];
    const reader = extract();
    reader.on('entry', (header, body, next) => {
      headers.push(header);
      body.on('end', next);
      body.resume();
    });
    await new Promise<void>((resolve, reject) => {
      reader.on('finish', resolve).on('error', reject);
      stream.pipe(reader as unknown as NodeJS.WritableStream);
    });
    expect(headers.map((h) => h.name)).toEqual(['Dockerfile', 'a/', 'a/b.txt', 'link', 'z.txt']);
    expect(
      headers.every(
        (h) => h.uid === 0 && h.gid === 0 && h.mtime?.getTime() === CONTEXT_MTIME.getTime(),
      ),
    ).toBe(true);
    expect(headers.find((h) => h.name === 'link')?.type).toBe('symlink');
  });

  it('names a missing context or Dockerfile', async () => {
    const root = await tree({ 'a.txt': '' });
    await expect(packContext({ context: join(root, 'nope') })).rejects.toMatchObject({
      code: 'IMAGE_CONTEXT_INVALID',
    });
    await expect(packContext({ context: root })).rejects.toThrow(/Dockerfile .* cannot be read/);
  });
});

describe('packContext: the stream ends early', () => {
  it('a reader that destroys the stream gets no uncaught error, and done rejects (never pending)', async () => {
    const files: Record<string, string> = { Dockerfile: 'FROM scratch\n' };
    for (let i = 0; i < 200; i++) files[`f${i}.txt`] = 'x'.repeat(10_000);
    const root = await tree(files);
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      const packed = await packContext({ context: root });
      packed.stream.once('data', () => packed.stream.destroy());
      packed.stream.resume();
      await expect(packed.done).rejects.toMatchObject({ code: 'CANCELLED' });
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      process.off('uncaughtException', record);
    }
    expect(uncaught).toEqual([]);
  });

  it('an aborted signal ends the stream with the signal’s error', async () => {
    const root = await tree({ Dockerfile: '', 'a.txt': 'a' });
    const controller = new AbortController();
    const packed = await packContext({ context: root, signal: controller.signal });
    controller.abort();
    await expect(packed.done).rejects.toMatchObject({ code: 'CANCELLED' });
    const already = new AbortController();
    already.abort();
    await expect(packContext({ context: root, signal: already.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    await expect(listContext({ context: root, signal: already.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});
