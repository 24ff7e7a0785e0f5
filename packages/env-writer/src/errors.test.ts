import { assertOwnBrands, OptionsError, SwarmliftError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import {
  EnvFileAccessError,
  EnvFileParseError,
  EnvValidationError,
  EnvWriterError,
  envWriterErrorCodes,
} from './errors.js';

const validation = new EnvValidationError({
  issues: [{ key: 'A', code: 'VALUE_EMPTY', message: 'is empty' }],
  file: '.env',
});
const parse = new EnvFileParseError({
  line: 2,
  reason: 'no variable name before "="',
  file: '.env',
});
const access = new EnvFileAccessError({
  code: 'ENV_WRITE_FAILED',
  path: '/x/.env',
  hint: 'h',
  cause: Object.assign(new Error('no such folder'), { code: 'ENOENT' }),
});

describe('env-writer errors', () => {
  it('every exported class has a brand of its own', () => {
    expect(() =>
      assertOwnBrands([EnvWriterError, EnvValidationError, EnvFileParseError, EnvFileAccessError]),
    ).not.toThrow();
  });

  it('isInstance is exact: true for the class and its subclasses only', () => {
    expect(EnvWriterError.isInstance(validation)).toBe(true);
    expect(EnvWriterError.isInstance(parse)).toBe(true);
    expect(SwarmliftError.isInstance(access)).toBe(true);
    expect(EnvFileParseError.isInstance(validation)).toBe(false);
    expect(EnvValidationError.isInstance(parse)).toBe(false);
    expect(EnvFileAccessError.isInstance(parse)).toBe(false);
    const options = new OptionsError({ field: 'path', message: 'm', hint: 'h' });
    expect(EnvWriterError.isInstance(options)).toBe(false);
    expect(EnvWriterError.isInstance(new Error('plain'))).toBe(false);
  });

  it('hasCode narrows by code', () => {
    expect(EnvWriterError.hasCode(parse, 'ENV_FILE_INVALID')).toBe(true);
    expect(EnvWriterError.hasCode(parse, 'ENV_INVALID', 'ENV_WRITE_FAILED')).toBe(false);
    expect(EnvFileAccessError.hasCode(access, 'ENV_WRITE_FAILED')).toBe(true);
  });

  it('takes its name from the brand and its category from the kind of failure', () => {
    expect([validation.name, parse.name, access.name]).toEqual([
      'EnvValidationError',
      'EnvFileParseError',
      'EnvFileAccessError',
    ]);
    expect([validation.category, parse.category, access.category]).toEqual([
      'invalid',
      'invalid',
      'failed',
    ]);
    expect(access.message).toBe('Could not write /x/.env: ENOENT');
    expect(access.reason).toBe('ENOENT');
  });

  it('lists every code it uses, all ENV_-prefixed', () => {
    expect([...envWriterErrorCodes].sort()).toEqual(
      ['ENV_FILE_INVALID', 'ENV_FILE_READ_FAILED', 'ENV_INVALID', 'ENV_WRITE_FAILED'].sort(),
    );
    for (const error of [validation, parse, access]) {
      expect(envWriterErrorCodes).toContain(error.code);
    }
    for (const code of envWriterErrorCodes) expect(code).toMatch(/^ENV_/);
  });
});
