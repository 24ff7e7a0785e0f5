import { assertOwnBrands, exitCodeOf, OptionsError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import {
  exitedNonZero,
  MigrateLockError,
  MigratorError,
  migratorErrorCodes,
  OneOffError,
} from './errors.js';

describe('ONE_OFF_FAILED', () => {
  it("quotes the command's argv, so one can see where an argument ends", () => {
    const error = exitedNonZero(
      {
        name: 'shop_one-off-abc123',
        taskId: 't1',
        node: 'manager',
        exitCode: 3,
        logs: 'a\nb',
        durationMs: 12,
      },
      ['sh', '-c', 'echo "a b"; exit 3'],
      'read the logs',
    );
    expect(OneOffError.isInstance(error)).toBe(true);
    expect(error.code).toBe('ONE_OFF_FAILED');
    expect(error.message.split('\n')[0]).toBe(
      `sh -c 'echo "a b"; exit 3' exited with code 3 (shop_one-off-abc123)`,
    );
    expect(error.exitCode).toBe(3);
    expect(error.lastLines).toEqual(['a', 'b']);
  });
});

describe('error classes', () => {
  it('each has its own brand, so isInstance is exact', () => {
    assertOwnBrands([MigratorError, OneOffError, MigrateLockError]);
    const options = new OptionsError({ field: 'image', message: 'is empty', hint: 'h' });
    expect(OneOffError.isInstance(options)).toBe(false);
    expect(MigratorError.isInstance(options)).toBe(false);
    const lock = new MigrateLockError({ code: 'MIGRATE_LOCK_HELD', message: 'm', hint: 'h' });
    expect(MigratorError.isInstance(lock)).toBe(true);
    expect(OneOffError.isInstance(lock)).toBe(false);
    expect(lock.name).toBe('MigrateLockError');
    expect(exitCodeOf(lock)).toBe(4);
  });

  it('OneOffError.isInstance narrows to OneOffError (the README’s check compiles)', () => {
    const error: unknown = exitedNonZero(
      { name: 'n', taskId: 't', node: 'x', exitCode: 2, logs: '', durationMs: 1 },
      ['false'],
      'h',
    );
    if (!OneOffError.isInstance(error)) throw new Error('expected a OneOffError');
    const exitCode: number | undefined = error.exitCode;
    expect(exitCode).toBe(2);
    expect(OneOffError.hasCode(error, 'ONE_OFF_FAILED')).toBe(true);
    expect(OneOffError.hasCode(error, 'ONE_OFF_TIMEOUT')).toBe(false);
    expect(exitCodeOf(error)).toBe(1);
  });

  it('every code carries the package prefix and none is core’s', () => {
    for (const code of migratorErrorCodes) expect(code).toMatch(/^(ONE_OFF|MIGRATE)_/);
    expect(new Set(migratorErrorCodes).size).toBe(migratorErrorCodes.length);
  });
});
