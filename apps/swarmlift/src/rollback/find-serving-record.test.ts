import { describe, expect, it } from 'vitest';
import { findServingRecord, servingRecordId } from './find-serving-record.js';
import { APP, digest, record } from './record-fixtures.js';

describe('findServingRecord / servingRecordId', () => {
  const v1 = record(1);
  const v2 = record(2);
  const failed = record(3, { outcome: 'failed' });
  const back = record(1, { kind: 'rollback', rolledBackTo: { id: v1.id, version: 'v1' } });

  it('is the newest successful record with the serving digest (a failed one never serves)', () => {
    expect(servingRecordId([failed, v2, v1], digest(2), APP)).toBe(v2.id);
    expect(servingRecordId([failed, v2, v1], digest(3), APP)).toBeUndefined();
    expect(servingRecordId([v2], undefined, APP)).toBeUndefined();
  });

  it('follows a rollback to the deploy it restored, while that is kept', () => {
    expect(servingRecordId([back, v2, v1], digest(1), APP)).toBe(back.id);
    expect(findServingRecord([back, v2, v1], digest(1), APP)?.id).toBe(v1.id);
    expect(findServingRecord([back, v2], digest(1), APP)?.id).toBe(back.id);
  });
});
