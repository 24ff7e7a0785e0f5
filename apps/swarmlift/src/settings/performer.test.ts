import { describe, expect, it } from 'vitest';
import { performerOf } from './performer.js';

const local = { user: 'ana', host: 'laptop' };

describe('performerOf', () => {
  it("is the GitHub Actions run's URL, with the attempt", () => {
    const env = {
      GITHUB_SERVER_URL: 'https://github.com/',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '123456',
      GITHUB_RUN_ATTEMPT: '2',
    };
    expect(performerOf(env, local)).toBe(
      'https://github.com/acme/shop/actions/runs/123456/attempts/2',
    );
    expect(performerOf({ ...env, GITHUB_RUN_ATTEMPT: undefined }, local)).toBe(
      'https://github.com/acme/shop/actions/runs/123456',
    );
  });
  it('is user@host outside a CI run', () => {
    expect(performerOf({}, local)).toBe('ana@laptop');
    expect(performerOf({ GITHUB_REPOSITORY: 'acme/shop' }, local)).toBe('ana@laptop');
    expect(
      performerOf(
        { GITHUB_SERVER_URL: 'x', GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: 'abc' },
        local,
      ),
    ).toBe('ana@laptop');
  });
});
