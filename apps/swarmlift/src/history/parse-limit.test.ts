import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { parseLimit } from './parse-limit.js';

describe('parseLimit', () => {
  it('takes a whole number from 1; absent means all', () => {
    expect(parseLimit(undefined)).toBeUndefined();
    expect(parseLimit('5')).toBe(5);
    expect(parseLimit(' 20 ')).toBe(20);
  });

  it('refuses anything else with a usage error naming the flag', () => {
    for (const bad of ['0', '-1', 'ten', '1.5', '', true, '100000'] as const) {
      try {
        parseLimit(bad);
        expect.unreachable(`accepted ${String(bad)}`);
      } catch (error) {
        expect(CliError.hasCode(error, 'CLI_HISTORY_LIMIT_INVALID')).toBe(true);
        expect((error as CliError).category).toBe('invalid');
        expect((error as Error).message).toContain('-n/--limit');
      }
    }
  });
});
