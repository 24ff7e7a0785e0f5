import { describe, expect, it } from 'vitest';
import { record } from '../rollback/record-fixtures.js';
import { formatHistoryTable } from './format-history-table.js';
import { historyEntry } from './history-entry.js';

describe('formatHistoryTable', () => {
  it('one aligned line per record, newest first, the serving one marked, errors below', () => {
    const v1 = record(1, { migrations: ['hits.0001_initial'] });
    const v2 = record(2, {
      outcome: 'rolled_back',
      error: { code: 'CLI_DEPLOY_NOT_CONVERGED', message: 'django crashed\nmore' },
    });
    const back = record(1, { kind: 'rollback', rolledBackTo: { id: v1.id, version: 'v1' } });
    const text = formatHistoryTable([
      historyEntry(back, back.id),
      historyEntry(v2),
      historyEntry(v1),
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^ {2}WHEN \(UTC\)\s+VERSION\s+OUTCOME\s+DIGEST\s+TOOK\s+STATIC\s+MIGRATIONS\s+PLAN\s+WHO$/,
    );
    expect(lines[1]).toMatch(
      /^\* 2026-11-28 10:01:00\s+v1\s+rollback → v1\s+111111111111\s+30\.0 s/,
    );
    expect(lines[2]).toMatch(/^ {2}2026-11-28 10:02:00\s+v2\s+rolled back\s/);
    expect(lines[3]).toBe('    error [CLI_DEPLOY_NOT_CONVERGED]: django crashed');
    expect(lines[4]).toContain('hits.0001_initial');
    const column = (line: string | undefined) => line?.indexOf('ci@runner');
    expect(column(lines[1])).toBe(column(lines[2]));
    expect(column(lines[2])).toBe(column(lines[4]));
  });
});
