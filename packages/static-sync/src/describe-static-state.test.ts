import { describe, expect, it } from 'vitest';
import { describeStaticState } from './describe-static-state.js';

describe('describeStaticState', () => {
  it('names the live, the previous, the staged and all releases newest first', () => {
    expect(
      describeStaticState({
        staticKind: 'link',
        current: 'c',
        releases: ['a', 'b', 'c', 'd', 'legacy-x'],
        history: ['legacy-x', 'a', 'b', 'c'],
      }),
    ).toEqual({
      live: 'c',
      previous: 'b',
      releases: ['c', 'b', 'a', 'legacy-x', 'd'],
      staged: ['d'],
      history: ['legacy-x', 'a', 'b', 'c'],
      layout: 'releases',
    });
  });

  it('a plain folder or nothing: no live release', () => {
    expect(
      describeStaticState({ staticKind: 'dir', current: undefined, releases: [], history: [] }),
    ).toMatchObject({ live: undefined, previous: undefined, layout: 'plain', releases: [] });
    expect(
      describeStaticState({ staticKind: 'none', current: undefined, releases: [], history: [] }),
    ).toMatchObject({ layout: 'none' });
  });

  it('after a rollback, previous is the release rolled back from', () => {
    expect(
      describeStaticState({
        staticKind: 'link',
        current: 'a',
        releases: ['a', 'b'],
        history: ['a', 'b', 'a'],
      }),
    ).toMatchObject({ live: 'a', previous: 'b', releases: ['a', 'b'] });
  });
});
