import type { StackLockInfo } from '@swarmlift/remote';
import { describe, expect, it } from 'vitest';
import { lockLines, lockView } from './lock-view.js';

const info = (overrides: Partial<StackLockInfo> = {}): StackLockInfo => ({
  lock: 'swarmlift-lock.shop.deploy',
  id: 'cfg1',
  version: 3,
  stack: 'shop',
  purpose: 'deploy',
  owner: 'https://github.com/acme/shop/actions/runs/7',
  ttlMs: 900_000,
  renewals: 2,
  token: 't',
  kind: 'deploy',
  message: '',
  since: '2026-11-28T13:00:00.000Z',
  renewedAt: '2026-11-28T13:10:00.000Z',
  expiresAt: '2026-11-28T13:25:00.000Z',
  engineTime: '2026-11-28T13:11:00.000Z',
  expired: false,
  ...overrides,
});

describe('lockView', () => {
  it('is null when nobody holds the lock', () => {
    expect(lockView(undefined)).toBeNull();
  });
  it('shows a run’s lock with its expiry and no message', () => {
    expect(lockView(info())).toEqual({
      lock: 'swarmlift-lock.shop.deploy',
      kind: 'deploy',
      holder: 'https://github.com/acme/shop/actions/runs/7',
      message: null,
      since: '2026-11-28T13:00:00.000Z',
      expiresAt: '2026-11-28T13:25:00.000Z',
      expired: false,
    });
  });
  it('shows a manual lock with its message and no expiry', () => {
    const view = lockView(
      info({ kind: 'manual', message: 'db maintenance', owner: 'ana@laptop', expiresAt: 'never' }),
    );
    expect(view).toMatchObject({ kind: 'manual', message: 'db maintenance', expiresAt: null });
  });
});

describe('lockLines', () => {
  it('says a free stack is free', () => {
    expect(lockLines('shop', null)).toEqual([
      'Stack shop is not locked: deploys can take the lock.',
    ]);
  });
  it('names holder, message, since, "until released" and kind for a manual lock', () => {
    const text = lockLines(
      'shop',
      lockView(info({ kind: 'manual', message: 'db maintenance', owner: 'ana@laptop' })),
    ).join('\n');
    expect(text).toContain('locked by hand');
    expect(text).toContain('holder:  ana@laptop');
    expect(text).toContain('message: db maintenance');
    expect(text).toContain('since:   2026-11-28T13:00:00.000Z');
    expect(text).toContain('until released');
    expect(text).toContain('kind:    manual');
  });
  it('says an expired run’s lock will be taken over', () => {
    const text = lockLines('shop', lockView(info({ expired: true }))).join('\n');
    expect(text).toContain('the next deploy takes it over');
    expect(text).toContain('2026-11-28T13:25:00.000Z (expired)');
    expect(text).not.toContain('message:');
  });
});
