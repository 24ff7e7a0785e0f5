import { describe, expect, it } from 'vitest';
import { formatManifest, parseManifest } from './manifest.js';

const sha = 'a'.repeat(64);

describe('manifest', () => {
  it('round-trips, paths with spaces included', () => {
    const entries = [
      { path: 'admin/css/base.css', size: 12, sha256: sha },
      { path: 'img/with space.png', size: 0, sha256: 'b'.repeat(64) },
    ];
    expect([...parseManifest(formatManifest(entries), 'm').values()]).toEqual(entries);
  });
  it('names the line of a malformed entry', () => {
    expect(() => parseManifest(`${sha}\t1\ta.css\nnonsense\n`, 'x.tsv')).toThrow(/x\.tsv:2/);
  });
  it('refuses a tampered path that leaves the release folder', () => {
    expect(() => parseManifest(`${sha}\t1\t../../etc/passwd\n`, 'x.tsv')).toThrow(
      expect.objectContaining({ code: 'STATIC_PATH_INVALID' }),
    );
  });
});
