import { describe, expect, it } from 'vitest';
import { composeEnv } from './compose-env.js';

describe('composeEnv', () => {
  it('adds the guide’s interpolation variables over the environment', () => {
    const env = composeEnv(
      { version: 'abc1234', registry: 'ghcr.io', imageName: 'acme/shop', staticTarget: '/srv/s' },
      { PATH: '/bin', GITHUB_SHA_SHORT: 'stale00', REGISTRY: 'docker.io' },
    );
    expect(env).toEqual({
      PATH: '/bin',
      GITHUB_SHA_SHORT: 'abc1234',
      REGISTRY: 'ghcr.io',
      IMAGE_NAME: 'acme/shop',
      STATIC_TARGET: '/srv/s',
    });
  });

  it('keeps the environment’s value for a setting the command does not read (empty)', () => {
    const env = composeEnv(
      { version: 'abc1234', registry: 'ghcr.io', imageName: 'acme/shop', staticTarget: '' },
      { STATIC_TARGET: '/srv/from-env' },
    );
    expect(env.STATIC_TARGET).toBe('/srv/from-env');
  });
});
