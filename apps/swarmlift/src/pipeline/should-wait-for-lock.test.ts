import { LockHeldError } from '@swarmlift/remote';
import { describe, expect, it } from 'vitest';
import { shouldWaitForLock } from './should-wait-for-lock.js';

const held = (kind: 'deploy' | 'manual') =>
  new LockHeldError({
    lock: 'swarmlift-lock.app.deploy',
    owner: 'someone',
    since: '2026-01-01T00:00:00.000Z',
    expiresAt: kind === 'manual' ? 'never' : '2026-01-01T00:15:00.000Z',
    kind,
    lockMessage: kind === 'manual' ? 'maintenance' : '',
  });

describe('shouldWaitForLock', () => {
  it('waits for another run’s lock while there is time', () => {
    expect(shouldWaitForLock(held('deploy'), 1_000, 5_000)).toBe(true);
    expect(shouldWaitForLock(held('deploy'), 5_000, 5_000)).toBe(true);
  });
  it('gives up once the next try would be past --lock-wait', () => {
    expect(shouldWaitForLock(held('deploy'), 5_001, 5_000)).toBe(false);
  });
  it('never waits for a manual lock, however long --lock-wait is', () => {
    expect(shouldWaitForLock(held('manual'), 0, Number.MAX_SAFE_INTEGER)).toBe(false);
  });
  it('never retries other errors', () => {
    expect(shouldWaitForLock(new Error('engine down'), 0, 5_000)).toBe(false);
  });
});
