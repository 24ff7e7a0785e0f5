import { describe, expect, it } from 'vitest';
import { recentlyStaged } from './recently-staged.js';

describe('recentlyStaged', () => {
  const now = 1_000_000;
  const base = {
    releases: ['a', 'b', 'staged', 'old-staged', 'legacy-x'],
    history: ['a', 'b'],
    now,
  };

  it('names never-live releases whose manifest is younger than the grace period', () => {
    const manifestTimes = new Map([
      ['a', now - 10],
      ['b', now - 5],
      ['staged', now - 60],
      ['old-staged', now - 7200],
    ]);
    expect(recentlyStaged({ ...base, manifestTimes })).toEqual(['staged']);
    expect(recentlyStaged({ ...base, manifestTimes, graceSeconds: 10_000 })).toEqual([
      'staged',
      'old-staged',
    ]);
  });

  it('a release that went live once is not "staged"; no manifest or no clock protects nothing', () => {
    const manifestTimes = new Map([['a', now]]);
    expect(recentlyStaged({ ...base, manifestTimes })).toEqual([]);
    expect(
      recentlyStaged({ ...base, manifestTimes: new Map([['staged', now]]), now: undefined }),
    ).toEqual([]);
  });
});
