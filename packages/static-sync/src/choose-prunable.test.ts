import { describe, expect, it } from 'vitest';
import { choosePrunable, newestFirst, previousRelease } from './choose-prunable.js';

describe('choosePrunable', () => {
  it('keeps the newest by history', () => {
    expect(
      choosePrunable({
        releases: ['r1', 'r2', 'r3', 'r4'],
        history: ['r1', 'r2', 'r3', 'r4'],
        keep: 2,
        current: 'r4',
        previous: 'r3',
      }),
    ).toEqual(['r2', 'r1']);
  });
  it('never prunes the current or the previous release, even when they are old', () => {
    // r1 was rolled back to, then r5 went live: r1 is previous though oldest by name.
    expect(
      choosePrunable({
        releases: ['r1', 'r2', 'r3', 'r4', 'r5'],
        history: ['r1', 'r2', 'r3', 'r4', 'r1', 'r5'],
        keep: 2,
        current: 'r5',
        previous: 'r1',
      }),
    ).toEqual(['r4', 'r3', 'r2']);
  });
  it('treats releases never live (legacy folders) as the oldest', () => {
    expect(
      choosePrunable({
        releases: ['legacy-x', 'a', 'b', 'c'],
        history: ['a', 'b', 'c'],
        keep: 3,
        current: 'c',
        previous: 'b',
      }),
    ).toEqual(['legacy-x']);
  });
});

describe('previousRelease', () => {
  it('is the last live release that still exists', () => {
    expect(previousRelease({ releases: ['a', 'c'], history: ['a', 'b', 'c'], current: 'c' })).toBe(
      'a',
    );
    expect(previousRelease({ releases: ['c'], history: ['c'], current: 'c' })).toBeUndefined();
  });
});

describe('choosePrunable with protect', () => {
  it('never prunes a protected release (a staged one), and counts it towards keep', () => {
    expect(
      choosePrunable({
        releases: ['r1', 'r2', 'r3', 'staged', 'old'],
        history: ['r1', 'r2', 'r3'],
        keep: 3,
        current: 'r3',
        previous: 'r2',
        protect: ['staged'],
      }),
    ).toEqual(['r1', 'old']);
  });
});

describe('newestFirst', () => {
  it('orders by the last time live, never-live releases last', () => {
    expect(
      newestFirst({ releases: ['a', 'b', 'c', 'x', 'y'], history: ['a', 'b', 'c', 'a'] }),
    ).toEqual(['a', 'c', 'b', 'y', 'x']);
  });
});
