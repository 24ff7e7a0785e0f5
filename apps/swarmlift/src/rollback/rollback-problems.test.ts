import { describe, expect, it } from 'vitest';
import { rollbackProblems } from './rollback-problems.js';

const base = {
  version: 'v1',
  images: [{ image: 'reg/app@sha256:1', exists: true }],
  staticRelease: 'v1',
  staticTarget: '/srv/site',
  releases: ['v2', 'v1'],
};

describe('rollbackProblems', () => {
  it('is undefined when the image and the static release are there (or no release is needed)', () => {
    expect(rollbackProblems(base)).toBeUndefined();
    expect(
      rollbackProblems({ ...base, staticRelease: undefined, releases: undefined }),
    ).toBeUndefined();
  });

  it('names a missing image first, and every missing thing in the message', () => {
    const error = rollbackProblems({
      ...base,
      images: [{ image: 'reg/app@sha256:1', exists: false }],
      releases: ['v2'],
    });
    expect(error?.code).toBe('CLI_ROLLBACK_IMAGE_MISSING');
    expect(error?.message).toContain('reg/app@sha256:1');
    expect(error?.message).toContain('static release v1');
    expect(error?.message).toContain('Nothing was changed');
    expect(error?.hint).toContain('rollback --list');
  });

  it('refuses a static release that is gone', () => {
    const error = rollbackProblems({ ...base, releases: [] });
    expect(error?.code).toBe('CLI_ROLLBACK_STATIC_MISSING');
    expect(error?.message).toContain('/srv/site/releases');
  });
  it('with several static hosts, names every host the release is missing on', () => {
    const error = rollbackProblems({
      ...base,
      releases: undefined,
      hostReleases: [
        { host: 'deploy@w1:22', releases: ['v2', 'v1'] },
        { host: 'deploy@w2:22', releases: ['v2'] },
      ],
    });
    expect(error?.code).toBe('CLI_ROLLBACK_STATIC_MISSING');
    expect(error?.message).toContain('is not in /srv/site/releases on deploy@w2:22');
    expect(
      rollbackProblems({
        ...base,
        hostReleases: [
          { host: 'deploy@w1:22', releases: ['v1'] },
          { host: 'deploy@w2:22', releases: ['v1'] },
        ],
      }),
    ).toBeUndefined();
  });
});
