import { describe, expect, it } from 'vitest';
import { migrationsAfter } from './migrations-after.js';
import { record } from './record-fixtures.js';

describe('migrationsAfter', () => {
  it('lists the migrations of every newer record (failed ones too), oldest first', () => {
    const v1 = record(1, { migrations: ['hits.0001_initial'] });
    const v2 = record(2, { migrations: ['hits.0002_a', 'hits.0003_b'] });
    const v3 = record(3, { outcome: 'failed', migrations: ['hits.0004_c'] });
    expect(migrationsAfter([v3, v2, v1], v1)).toEqual([
      { version: 'v2', migration: 'hits.0002_a' },
      { version: 'v2', migration: 'hits.0003_b' },
      { version: 'v3', migration: 'hits.0004_c' },
    ]);
    expect(migrationsAfter([v3, v2, v1], v3)).toEqual([]);
    expect(migrationsAfter([v3, v2], v1)).toEqual([]);
  });
});
