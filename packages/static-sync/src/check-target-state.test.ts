import { describe, expect, it } from 'vitest';
import { checkTargetState } from './check-target-state.js';
import { StaticSyncError } from './errors.js';

describe('checkTargetState', () => {
  const options = {
    target: '/srv/app',
    host: 'deploy@web:22',
    allowedPrefixes: ['/srv'],
    untouched: 'Nothing was uploaded.',
  };
  const ok = { realTarget: '/srv/app', writable: true, staticKind: 'link' as const };
  const codeOf = (state: Parameters<typeof checkTargetState>[0]): unknown[] | undefined => {
    try {
      checkTargetState(state, options);
      return undefined;
    } catch (error) {
      return StaticSyncError.isInstance(error) ? [error.code, error.hint] : [error];
    }
  };

  it('accepts a writable target inside the prefixes', () => {
    expect(codeOf(ok)).toBeUndefined();
    expect(codeOf({ ...ok, staticKind: 'dir' })).toBeUndefined();
  });

  it('names each problem with its own code, and what was left untouched', () => {
    expect(codeOf({ ...ok, realTarget: '/etc/app' })).toEqual([
      'STATIC_TARGET_NOT_ALLOWED',
      expect.stringContaining('Nothing was uploaded.'),
    ]);
    expect(codeOf({ ...ok, writable: false })?.[0]).toBe('STATIC_TARGET_NOT_WRITABLE');
    expect(codeOf({ ...ok, staticKind: 'other' })?.[0]).toBe('STATIC_TARGET_INVALID');
  });
});
