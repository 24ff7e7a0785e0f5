import { OptionsError } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import { describe, expect, it } from 'vitest';
import { activateStatic } from './activate-static.js';
import { StaticSyncError } from './errors.js';
import { planStatic } from './plan-static.js';
import { readStaticState } from './read-static-state.js';
import { rollbackStatic } from './rollback-static.js';
import { checkSyncOptions, syncStatic } from './sync-static.js';
import { syncStaticToMany } from './sync-static-to-many.js';

/** A Remote that fails the test if anything reaches the server. */
const untouched = {
  target: { kind: 'ssh', host: 'web', port: 22, user: 'deploy' },
  exec: () => {
    throw new Error('the server was touched');
  },
  sftp: () => {
    throw new Error('the server was touched');
  },
} as unknown as Remote;

describe('syncStatic option checks', () => {
  const base = { target: '/srv/app', release: 'abc1234' };

  it('keep below 2 and a bad timeoutMs are OptionsErrors naming the field', () => {
    expect(() => checkSyncOptions({ ...base, keep: 1 })).toThrow(
      expect.objectContaining({ code: 'OPTIONS_INVALID', field: 'keep' }),
    );
    expect(() => checkSyncOptions({ ...base, timeoutMs: 0 })).toThrow(
      expect.objectContaining({ code: 'OPTIONS_INVALID', field: 'timeoutMs' }),
    );
  });

  it('target and release are checked with their own codes', () => {
    const target = (() => {
      try {
        checkSyncOptions({ ...base, target: 'relative' });
      } catch (error) {
        return error;
      }
    })();
    expect(StaticSyncError.hasCode(target, 'STATIC_TARGET_INVALID')).toBe(true);
    expect(() => checkSyncOptions({ ...base, release: '../x' })).toThrow(
      expect.objectContaining({ code: 'STATIC_RELEASE_INVALID' }),
    );
  });

  it('an aborted signal rejects with CANCELLED before the server is touched', async () => {
    const signal = AbortSignal.abort();
    const options = { remote: untouched, source: '/nonexistent', ...base, signal };
    await expect(syncStatic(options)).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(
      syncStaticToMany({ ...options, remotes: [untouched], target: '/srv/app' }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(
      rollbackStatic({ remote: untouched, target: '/srv/app', signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('remote must be a session', async () => {
    const error = await syncStatic({
      remote: { docker: {} } as unknown as Remote,
      source: '/x',
      ...base,
    }).catch((e: unknown) => e);
    expect(OptionsError.isInstance(error) && error.field).toBe('remote');
  });

  it('syncStaticToMany needs remotes and a target for each', async () => {
    const empty = await syncStaticToMany({ ...base, source: '/x', remotes: [] }).catch(
      (error: unknown) => error,
    );
    expect(OptionsError.isInstance(empty) && empty.field).toBe('remotes');
    const noTarget = await syncStaticToMany({
      release: 'abc1234',
      source: '/x',
      remotes: [untouched],
    }).catch((error: unknown) => error);
    expect(OptionsError.isInstance(noTarget) && noTarget.field).toBe('target');
  });

  it('activate must be a boolean', () => {
    expect(() => checkSyncOptions({ ...base, activate: 'no' as unknown as boolean })).toThrow(
      expect.objectContaining({ code: 'OPTIONS_INVALID', field: 'activate' }),
    );
    expect(checkSyncOptions(base).activate).toBe(true);
    expect(checkSyncOptions({ ...base, activate: false }).activate).toBe(false);
  });
});

describe('activateStatic, planStatic and readStaticState option checks', () => {
  const target = '/srv/app';

  it('an aborted signal rejects with CANCELLED before the server is touched', async () => {
    const signal = AbortSignal.abort();
    await expect(
      activateStatic({ remote: untouched, target, release: 'abc1234', signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(
      planStatic({ remote: untouched, target, source: '/nonexistent', signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(readStaticState({ remote: untouched, target, signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('bad names, targets and numbers are refused before the server is touched', async () => {
    const codes = await Promise.all([
      activateStatic({ remote: untouched, target, release: '../x' }).catch((e: unknown) => e),
      activateStatic({ remote: untouched, target, release: 'a', keep: 1 }).catch((e: unknown) => e),
      planStatic({ remote: untouched, target, source: '/x', release: 'a b' }).catch(
        (e: unknown) => e,
      ),
      planStatic({ remote: untouched, target: '/etc', source: '/x' }).catch((e: unknown) => e),
      readStaticState({ remote: untouched, target: 'relative' }).catch((e: unknown) => e),
      readStaticState({ remote: untouched, target, timeoutMs: -1 }).catch((e: unknown) => e),
    ]);
    expect(codes.map((error) => (error as { code?: string }).code)).toEqual([
      'STATIC_RELEASE_INVALID',
      'OPTIONS_INVALID',
      'STATIC_RELEASE_INVALID',
      'STATIC_TARGET_NOT_ALLOWED',
      'STATIC_TARGET_INVALID',
      'OPTIONS_INVALID',
    ]);
  });

  it('remote must be a session', async () => {
    const error = await activateStatic({
      remote: {} as unknown as Remote,
      target,
      release: 'abc1234',
    }).catch((e: unknown) => e);
    expect(OptionsError.isInstance(error) && error.field).toBe('remote');
  });
});
