import { describe, expect, it } from 'vitest';
import { validateEnvVars } from './validate-env-vars.js';

const SECRET = 'S3cr3t-value-do-not-print';

describe('validateEnvVars', () => {
  it('accepts ordinary variables and stringifies numbers and booleans', () => {
    const result = validateEnvVars({ A: 'x', PORT: 5432, FLAG: true, _UNDER: 'y' });
    expect(result.ok).toBe(true);
    expect(result.entries).toEqual([
      ['A', 'x'],
      ['PORT', '5432'],
      ['FLAG', 'true'],
      ['_UNDER', 'y'],
    ]);
  });

  it.each([
    ['1ABC', 'starts with a digit'],
    ['A-B', 'has a dash'],
    ['A B', 'has a space'],
    ['', 'is empty'],
    ['ÄPFEL', 'is not ASCII'],
  ])('rejects the key %j (%s)', (key) => {
    const result = validateEnvVars({ [key]: 'v' });
    expect(result.issues).toEqual([expect.objectContaining({ code: 'INVALID_KEY' })]);
  });

  it.each([
    ['line feed', `${SECRET}\nmore`, 'VALUE_HAS_NEWLINE'],
    ['carriage return', `${SECRET}\r`, 'VALUE_HAS_NEWLINE'],
    ['NUL', `${SECRET}\0`, 'VALUE_HAS_NUL'],
    ['lone surrogate', `${SECRET}\uD800`, 'VALUE_INVALID_UTF8'],
  ])(
    'rejects a value with a %s and points to Swarm secrets, without the value',
    (_, value, code) => {
      const [issue] = validateEnvVars({ KEY: value }).issues;
      expect(issue).toMatchObject({ key: 'KEY', code });
      expect(issue?.message).toContain('Swarm secret');
      expect(issue?.message).not.toContain(SECRET);
    },
  );

  it('accepts well-formed astral characters (surrogate pairs)', () => {
    expect(validateEnvVars({ EMOJI: 'ok 🚀 ✓' }).ok).toBe(true);
  });

  it('rejects empty values unless allowed, because stack deploy would replace them', () => {
    expect(validateEnvVars({ EMPTY: '' }).issues[0]?.code).toBe('VALUE_EMPTY');
    expect(validateEnvVars({ EMPTY: '' }, { allowEmpty: true }).ok).toBe(true);
  });

  it('reports unset values', () => {
    expect(validateEnvVars({ UNSET: undefined, NULL: null }).issues.map((i) => i.code)).toEqual([
      'VALUE_MISSING',
      'VALUE_MISSING',
    ]);
  });

  it('rejects a line longer than Docker reads, counting UTF-8 bytes', () => {
    expect(validateEnvVars({ K: 'x'.repeat(65_533) }).ok).toBe(true);
    expect(validateEnvVars({ K: 'x'.repeat(65_534) }).issues[0]?.code).toBe('LINE_TOO_LONG');
    expect(validateEnvVars({ K: 'é'.repeat(32_767) }).issues[0]?.code).toBe('LINE_TOO_LONG');
  });

  it('reports every problem at once', () => {
    const result = validateEnvVars({ 'BAD-KEY': 'x', EMPTY: '', NL: 'a\nb', GOOD: 'ok' });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.code)).toEqual([
      'INVALID_KEY',
      'VALUE_EMPTY',
      'VALUE_HAS_NEWLINE',
    ]);
  });

  it('warns about quotes and surrounding whitespace that Docker keeps', () => {
    const result = validateEnvVars({
      Q: '"quoted"',
      S: "'single'",
      W: ' padded ',
      PLAIN: 'a "b" c',
    });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => [w.key, w.code])).toEqual([
      ['Q', 'ENV_VALUE_QUOTED'],
      ['S', 'ENV_VALUE_QUOTED'],
      ['W', 'ENV_VALUE_SURROUNDING_WHITESPACE'],
    ]);
  });
});
