import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { isAlreadyCompressed, withoutEndOfArchive } from './upload-tar.js';

describe('isAlreadyCompressed', () => {
  it('skips deflating images, fonts and archives, not text', () => {
    for (const path of ['a/logo.PNG', 'f/x.woff2', 'f/x.woff', 'p.jpeg', 'b.js.gz', 'c.css.br']) {
      expect(isAlreadyCompressed(path), path).toBe(true);
    }
    for (const path of ['a.css', 'b.js', 'icon.svg', 'data.json', 'favicon.ico', 'x.map']) {
      expect(isAlreadyCompressed(path), path).toBe(false);
    }
  });
});

describe('withoutEndOfArchive', () => {
  it('drops exactly the two zero blocks tar-stream ends an archive with', async () => {
    const tarball = pack();
    tarball.entry({ name: 'a.css' }, 'body{}');
    tarball.finalize();
    const whole: Buffer[] = [];
    for await (const chunk of tarball) whole.push(chunk as Buffer);
    const chunks: Buffer[] = [];
    await pipeline(Readable.from(whole), withoutEndOfArchive(), async (source) => {
      for await (const chunk of source) chunks.push(chunk as Buffer);
    });
    const stripped = Buffer.concat(chunks);
    expect(stripped.length).toBe(Buffer.concat(whole).length - 1024);
    expect(stripped.length % 512).toBe(0);
    expect(stripped.subarray(0, 5).toString()).toBe('a.css');
  });

  it('refuses a stream that does not end with them', async () => {
    await expect(
      text(Readable.from([Buffer.alloc(2048, 1)]).pipe(withoutEndOfArchive())),
    ).rejects.toThrow(/end-of-archive/);
  });
});
