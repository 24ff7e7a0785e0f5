import { describe, expect, it } from 'vitest';
import { normalizeExternal } from './normalize-external.js';

describe('normalizeExternal', () => {
  it('absent: not external; a boolean as written; { name }: external with that name', () => {
    expect(normalizeExternal(undefined)).toEqual({ external: false });
    expect(normalizeExternal(true)).toEqual({ external: true });
    expect(normalizeExternal(false)).toEqual({ external: false });
    expect(normalizeExternal({ name: 'shared' })).toEqual({ external: true, name: 'shared' });
    expect(normalizeExternal({})).toEqual({ external: true, name: undefined });
  });
});
