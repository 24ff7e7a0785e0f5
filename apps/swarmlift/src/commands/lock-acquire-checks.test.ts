import { LockHeldError } from '@swarmlift/remote';
import { describe, expect, it } from 'vitest';
import { heldByYouAlready, lockMessageOf } from './lock-acquire-checks.js';

describe('lockMessageOf', () => {
  it('takes the trimmed message', () => {
    expect(lockMessageOf('  db maintenance  ')).toBe('db maintenance');
  });
  it('refuses a missing, blank, multi-line or overlong message, naming -m', () => {
    for (const option of [undefined, true, '   ', 'a\nb', 'x'.repeat(501)] as const) {
      expect(() => lockMessageOf(option)).toThrowError(
        expect.objectContaining({
          code: 'CLI_LOCK_MESSAGE_REQUIRED',
          category: 'invalid',
          message: expect.stringContaining('-m/--message'),
        }),
      );
    }
  });
});

describe('heldByYouAlready', () => {
  const held = (kind: 'deploy' | 'manual', owner: string) =>
    new LockHeldError({ lock: 'l', owner, since: 's', expiresAt: 'e', kind });
  it('is true only for your own manual lock', () => {
    expect(heldByYouAlready(held('manual', 'ana@laptop'), 'ana@laptop')).toBe(true);
    expect(heldByYouAlready(held('manual', 'bob@pc'), 'ana@laptop')).toBe(false);
    expect(heldByYouAlready(held('deploy', 'ana@laptop'), 'ana@laptop')).toBe(false);
    expect(heldByYouAlready(new Error('x'), 'ana@laptop')).toBe(false);
  });
});
