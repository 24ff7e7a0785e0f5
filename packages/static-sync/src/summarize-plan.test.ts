import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from './manifest.js';
import type { SourceFile } from './scan-source.js';
import { summarizePlan } from './summarize-plan.js';

const file = (path: string, size: number, sha: string): SourceFile => ({
  path,
  size,
  sha256: sha.repeat(64),
  absolutePath: `/src/${path}`,
  mtimeMs: 0,
});
const manifestOf = (files: readonly SourceFile[]) =>
  new Map<string, ManifestEntry>(
    files.map(({ path, size, sha256 }) => [path, { path, size, sha256 }]),
  );

describe('summarizePlan', () => {
  const live = [file('a.css', 10, 'a'), file('b.js', 20, 'b'), file('gone.txt', 5, 'g')];
  const source = [file('a.css', 10, 'a'), file('b.js', 21, 'c'), file('new.png', 100, 'd')];

  it('counts the changed and new files against the live release', () => {
    expect(summarizePlan({ files: source, live: manifestOf(live) })).toEqual({
      releaseStatus: 'new',
      files: 3,
      bytes: 131,
      uploadFiles: 2,
      uploadBytes: 121,
      reusedFiles: 1,
      deletedFiles: 1,
    });
  });

  it('without a live release every file travels', () => {
    expect(summarizePlan({ files: source, live: undefined })).toMatchObject({
      uploadFiles: 3,
      uploadBytes: 131,
      reusedFiles: 0,
      deletedFiles: 0,
    });
  });

  it('a release already there with these files uploads nothing; with other files it is a conflict', () => {
    expect(
      summarizePlan({ files: source, live: manifestOf(live), existing: manifestOf(source) }),
    ).toMatchObject({ releaseStatus: 'present', uploadFiles: 0, reusedFiles: 3 });
    expect(
      summarizePlan({ files: source, live: manifestOf(live), existing: manifestOf(live) }),
    ).toMatchObject({ releaseStatus: 'conflict', uploadFiles: 2 });
    expect(summarizePlan({ files: source, live: undefined, existing: null })).toMatchObject({
      releaseStatus: 'conflict',
    });
  });
});
