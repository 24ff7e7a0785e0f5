import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from './manifest.js';
import { planUpload } from './plan-upload.js';
import type { SourceFile } from './scan-source.js';

const file = (path: string, sha: string, size = 1): SourceFile => ({
  path,
  size,
  sha256: sha.repeat(64),
  absolutePath: `/src/${path}`,
  mtimeMs: 0,
});
const manifest = (...files: SourceFile[]) =>
  new Map<string, ManifestEntry>(
    files.map((f) => [f.path, { path: f.path, size: f.size, sha256: f.sha256 }]),
  );

describe('planUpload', () => {
  it('uploads everything without a previous release', () => {
    const plan = planUpload([file('a', '1'), file('b', '2')], undefined);
    expect(plan.upload.map((f) => f.path)).toEqual(['a', 'b']);
    expect(plan).toMatchObject({ reuse: [], remove: [], dropEntries: [] });
  });
  it('reuses same path + size + hash, uploads changes, removes what is gone', () => {
    const previous = manifest(
      file('same', '1'),
      file('changed', '2'),
      file('gone', '3'),
      file('resized', '4'),
    );
    const plan = planUpload(
      [file('same', '1'), file('changed', '9'), file('new', '5'), file('resized', '4', 2)],
      previous,
    );
    expect(plan.reuse.map((f) => f.path)).toEqual(['same']);
    expect(plan.upload.map((f) => f.path)).toEqual(['changed', 'new', 'resized']);
    expect(plan.remove.sort()).toEqual(['changed', 'gone', 'resized']);
    expect(plan.dropEntries.map((e) => e.path).sort()).toEqual(['changed', 'gone', 'resized']);
  });
  it('removes a folder that became a file', () => {
    const plan = planUpload([file('x', '1')], manifest(file('x/inner.css', '1')));
    expect(plan.remove.sort()).toEqual(['x', 'x/inner.css']);
    expect(plan.dropEntries.map((e) => e.path)).toEqual(['x/inner.css']);
  });
});
