import { describe, expect, it } from 'vitest';
import { record } from '../rollback/record-fixtures.js';
import { historyEntry } from './history-entry.js';

describe('historyEntry', () => {
  it('has every key, absent facts as null, and no service specs', () => {
    const { digest: _d, staticRelease: _s, ...bare } = record(1);
    const entry = historyEntry(bare);
    expect(Object.keys(entry).sort()).toEqual(
      [
        'id',
        'kind',
        'version',
        'image',
        'digest',
        'outcome',
        'performer',
        'startedAt',
        'finishedAt',
        'durationMs',
        'staticRelease',
        'migrations',
        'plan',
        'error',
        'rolledBackTo',
        'specsDropped',
        'serving',
      ].sort(),
    );
    expect(entry).toMatchObject({
      digest: null,
      staticRelease: null,
      plan: null,
      error: null,
      serving: false,
    });
    expect(JSON.stringify(entry)).not.toContain('TaskTemplate');
  });

  it('marks the serving record and carries a rollback target and the plan counts', () => {
    const back = record(2, {
      kind: 'rollback',
      rolledBackTo: { id: 'r1', version: 'v1' },
      plan: {
        networks: { create: 0, update: 0, remove: 0, unchanged: 0 },
        secrets: { create: 0, update: 0, remove: 0, unchanged: 0 },
        configs: { create: 0, update: 0, remove: 0, unchanged: 0 },
        services: { create: 0, update: 1, remove: 0, unchanged: 2 },
        changes: 1,
        unchanged: false,
      },
    });
    expect(historyEntry(back, back.id)).toMatchObject({
      serving: true,
      rolledBackTo: { id: 'r1', version: 'v1' },
      plan: { services: { create: 0, update: 1, remove: 0, unchanged: 2 }, changes: 1 },
    });
  });
});
