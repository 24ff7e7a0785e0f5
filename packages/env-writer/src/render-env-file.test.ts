import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnvValidationError } from './errors.js';
import { parseEnvFile } from './parse-env-file.js';
import { renderEnvFile } from './render-env-file.js';

/** Values the guide's `echo 'KEY=…' >> .env` breaks on, and unicode. */
const trickyChar = fc.constantFrom(
  "'",
  '"',
  '$',
  '#',
  '=',
  '\\',
  ' ',
  '\t',
  '`',
  '!',
  '*',
  'é',
  '💥',
  '\u00a0',
  '{',
  '}',
);
const tricky = fc
  .array(fc.oneof(trickyChar, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 })), {
    minLength: 1,
    maxLength: 40,
  })
  .map((parts) => parts.join(''))
  .filter((value) => value.length > 0 && !/[\r\n\0]/.test(value));
const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/);

describe('renderEnvFile', () => {
  it('writes one KEY=value line per variable, in order, values literal', () => {
    expect(renderEnvFile({ B: 'it\'s "$x" # y ', A: '1' })).toBe('B=it\'s "$x" # y \nA=1\n');
  });

  it('throws one error listing every invalid variable, without values', () => {
    const secret = 'very-secret-multi\nline';
    let error: unknown;
    try {
      renderEnvFile({ OK: 'x', ML: secret, '9X': 'y', EMPTY: '' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvValidationError);
    const issues = (error as EnvValidationError).issues.map((i) => i.key);
    expect(issues).toEqual(['ML', '"9X"', 'EMPTY']);
    expect((error as Error).message).not.toContain('very-secret');
  });

  it("round-trips any printable value through Docker's parsing rules unchanged", () => {
    fc.assert(
      fc.property(fc.dictionary(key, tricky, { minKeys: 1, maxKeys: 8 }), (vars) => {
        const parsed = parseEnvFile(renderEnvFile(vars));
        expect(Object.fromEntries(parsed.map((e) => [e.key, e.value]))).toEqual(vars);
        expect(parsed).toHaveLength(Object.keys(vars).length);
      }),
      { numRuns: 500, seed: 20261126 },
    );
  });
});
