import { describe, expect, it } from 'vitest';
import { APP, digest, record } from './record-fixtures.js';
import { formatCandidates, rollbackCandidates } from './rollback-candidates.js';

describe('rollbackCandidates', () => {
  it('lists successful records once per image, marks the serving one and the default', () => {
    const v1 = record(1);
    const v2 = record(2);
    const v2again = record(2);
    const v3 = record(3, { outcome: 'failed' });
    const dropped = record(0, { specsDropped: true });
    const candidates = rollbackCandidates({
      records: [v3, v2again, v2, v1, dropped],
      servingDigest: digest(2),
      appService: APP,
      defaultId: v1.id,
    });
    expect(candidates.map((c) => [c.version, c.id, c.serving, c.default, c.restorable])).toEqual([
      ['v2', v2again.id, true, false, true],
      ['v1', v1.id, false, true, true],
      ['v0', dropped.id, false, false, false],
    ]);
    const table = formatCandidates(candidates).split('\n');
    expect(table[0]).toMatch(/^\s+VERSION\s+DEPLOYED \(UTC\)\s+DIGEST\s+STATIC\s+NOTE$/);
    expect(table[1]).toMatch(/^\*\s+v2 .*serving now$/);
    expect(table[2]).toMatch(/^→\s+v1 .*default$/);
    expect(table[3]).toContain('specs dropped');
    // Columns line up.
    expect(table[1]?.indexOf('2026')).toBe(table[2]?.indexOf('2026'));
  });
});
