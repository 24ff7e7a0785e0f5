import { describe, expect, it } from 'vitest';
import { DEPLOY_RECORD_ID_LABEL } from './deploy-record-labels.js';
import {
  deployRecordSortKey,
  deployRecordsToRemove,
  sortDeployRecords,
} from './sort-deploy-records.js';

const record = (name: string, id?: string, createdAt = '2026-11-28T10:00:00Z') => ({
  ID: name,
  CreatedAt: createdAt,
  Spec: {
    Name: name,
    Labels: (id === undefined ? {} : { [DEPLOY_RECORD_ID_LABEL]: id }) as Record<string, string>,
  },
});

describe('sortDeployRecords', () => {
  it('puts the newest id first', () => {
    const configs = [
      record('b', '20261128T120000000000Z-000001'),
      record('c', '20261128T130000000000Z-000000'),
      record('a', '20261128T110000000000Z-ffffff'),
    ];
    expect(sortDeployRecords(configs).map((c) => c.ID)).toEqual(['c', 'b', 'a']);
  });
  it('places a config without a valid id by its CreatedAt, and one with neither last', () => {
    const configs = [
      record('no-time', 'garbage', 'never'),
      record('by-created', undefined, '2026-11-28T12:30:00.5Z'),
      record('old', '20261128T110000000000Z-000000'),
      record('new', '20261128T130000000000Z-000000'),
    ];
    expect(sortDeployRecords(configs).map((c) => c.ID)).toEqual([
      'new',
      'by-created',
      'old',
      'no-time',
    ]);
    expect(deployRecordSortKey(record('x', undefined, 'never'))).toBe('');
  });
  it('does not change its input', () => {
    const configs = [
      record('a', '20261128T110000000000Z-000000'),
      record('b', '20261128T120000000000Z-000000'),
    ];
    sortDeployRecords(configs);
    expect(configs.map((c) => c.ID)).toEqual(['a', 'b']);
  });
});

describe('deployRecordsToRemove', () => {
  it('keeps the newest `keep`, valid or not, and returns the rest', () => {
    const configs = Array.from({ length: 22 }, (_, i) =>
      record(`r${i}`, `20261128T1200${String(i).padStart(2, '0')}000000Z-000000`),
    );
    expect(deployRecordsToRemove(configs, 20).map((c) => c.ID)).toEqual(['r1', 'r0']);
    expect(deployRecordsToRemove(configs, 22)).toEqual([]);
    expect(deployRecordsToRemove(configs, 1)).toHaveLength(21);
  });
});
