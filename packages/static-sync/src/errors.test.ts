import {
  assertOwnBrands,
  CancelledError,
  exitCodeOf,
  OptionsError,
  SwarmliftError,
} from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import {
  CollectStaticError,
  StaticSyncError,
  SyncStaticToManyError,
  staticSyncErrorCodes,
  wrapError,
} from './errors.js';

describe('errors', () => {
  it('every class has its own brand', () => {
    assertOwnBrands([StaticSyncError, CollectStaticError, SyncStaticToManyError]);
  });

  it('isInstance is exact, narrows, and hasCode checks the code', () => {
    const collect = new CollectStaticError({ reason: 'exit 1', output: ['boom'] });
    const plain = new StaticSyncError({ code: 'STATIC_UPLOAD_FAILED', message: 'm', hint: 'h' });
    expect(StaticSyncError.isInstance(collect)).toBe(true);
    expect(CollectStaticError.isInstance(collect)).toBe(true);
    expect(CollectStaticError.isInstance(plain)).toBe(false);
    expect(SyncStaticToManyError.isInstance(plain)).toBe(false);
    expect(collect.name).toBe('CollectStaticError');
    expect(StaticSyncError.hasCode(plain, 'STATIC_UPLOAD_FAILED')).toBe(true);
    expect(StaticSyncError.hasCode(plain, 'STATIC_SWITCH_FAILED')).toBe(false);
    const unknown: unknown = collect;
    if (CollectStaticError.isInstance(unknown)) expect(unknown.output).toEqual(['boom']);
  });

  it('codes are prefixed STATIC_ or COLLECTSTATIC_ and unique', () => {
    for (const code of staticSyncErrorCodes) expect(code).toMatch(/^(STATIC|COLLECTSTATIC)_/);
    expect(new Set(staticSyncErrorCodes).size).toBe(staticSyncErrorCodes.length);
  });

  it('bad input exits 2, a failure 1, an unreachable server 3', () => {
    const invalid = new StaticSyncError({ code: 'STATIC_TARGET_INVALID', message: 'm', hint: 'h' });
    expect(exitCodeOf(invalid)).toBe(2);
    const failed = new StaticSyncError({ code: 'STATIC_SWITCH_FAILED', message: 'm', hint: 'h' });
    expect(exitCodeOf(failed)).toBe(1);
    const lost = new SwarmliftError({
      code: 'SSH_CONNECTION_LOST',
      message: 'lost',
      hint: 'h',
      category: 'unreachable',
    });
    const upload = new StaticSyncError({
      code: 'STATIC_UPLOAD_FAILED',
      message: 'm',
      hint: 'h',
      cause: lost,
    });
    expect(exitCodeOf(upload)).toBe(3);
  });

  it('wrapError wraps foreign errors with the original as cause, and passes its own and core’s through', () => {
    const raw = Object.assign(new Error('Remote command sh exited with 1'), {
      code: 'REMOTE_COMMAND_FAILED',
    });
    const wrapped = wrapError(raw, { code: 'STATIC_REMOTE_FAILED', message: 'Reading', hint: 'h' });
    expect(StaticSyncError.hasCode(wrapped, 'STATIC_REMOTE_FAILED')).toBe(true);
    expect(wrapped.message).toBe('Reading: Remote command sh exited with 1');
    expect(wrapped.cause).toBe(raw);
    const cancelled = new CancelledError();
    expect(wrapError(cancelled, { code: 'STATIC_REMOTE_FAILED', message: 'x', hint: 'h' })).toBe(
      cancelled,
    );
    const options = new OptionsError({ field: 'keep', message: 'bad', hint: 'h' });
    expect(wrapError(options, { code: 'STATIC_REMOTE_FAILED', message: 'x', hint: 'h' })).toBe(
      options,
    );
  });

  it('SyncStaticToManyError names each host', () => {
    const error = new SyncStaticToManyError({
      release: 'r2',
      hosts: 3,
      failures: [{ host: 'web2', error: new Error('not writable') }],
    });
    expect(error.message).toContain('reached 2 of 3 hosts');
    expect(error.message).toContain('web2: not writable');
    expect(error.failures).toHaveLength(1);
  });
});
