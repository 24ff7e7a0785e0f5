import { STACK_NAMESPACE_LABEL } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import {
  DEPLOY_RECORD_LABEL,
  deployRecordFilter,
  deployRecordId,
  deployRecordLabels,
  deployRecordName,
  deployRecordTime,
  isDeployRecordId,
} from './deploy-record-labels.js';

describe('deployRecordId', () => {
  it('keeps the engine time to the microsecond, in UTC, fixed width', () => {
    expect(deployRecordId('2026-11-28T15:39:13.253992617Z', 'a1b2c3')).toBe(
      '20261128T153913253992Z-a1b2c3',
    );
    expect(deployRecordId('2026-11-28T16:39:13.25+01:00', '000000')).toBe(
      '20261128T153913250000Z-000000',
    );
    expect(deployRecordId('2026-11-28T15:39:13Z', 'ffffff')).toBe('20261128T153913000000Z-ffffff');
  });
  it('refuses what it cannot read', () => {
    expect(deployRecordId('', 'a1b2c3')).toBeUndefined();
    expect(deployRecordId('yesterday', 'a1b2c3')).toBeUndefined();
    expect(deployRecordId('0001-01-01T00:00:00Z', 'a1b2c3')).toBeUndefined();
    expect(deployRecordId('2026-11-28T15:39:13Z', 'xyz')).toBeUndefined();
  });
  it('sorts by time as text', () => {
    const ids = [
      '2026-11-28T15:39:13.9Z',
      '2026-11-28T15:39:13.000001Z',
      '2026-11-29T00:00:00Z',
      '2025-12-31T23:59:59.999999Z',
    ].map((time) => deployRecordId(time, 'abcdef') as string);
    expect([...ids].sort()).toEqual([ids[3], ids[1], ids[0], ids[2]]);
    expect(ids.every(isDeployRecordId)).toBe(true);
    expect(deployRecordTime(ids[0] as string)).toBe('2026-11-28T15:39:13.900Z');
    expect(deployRecordTime('nope')).toBeUndefined();
  });
});

describe('deployRecordName', () => {
  const id = '20261128T153913253992Z-a1b2c3';
  it('is swarmlift-deploy.<stack>.<id>', () => {
    expect(deployRecordName('shop', id)).toBe(`swarmlift-deploy.shop.${id}`);
  });
  it('stays within 64 characters, one prefix per stack, distinct for stacks that share a start', () => {
    const a = deployRecordName('sltest-history-3f9a1c', id);
    const b = deployRecordName('sltest-history-3f9a1d', id);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).not.toBe(b);
    expect(a.endsWith(`.${id}`)).toBe(true);
    const later = deployRecordName('sltest-history-3f9a1c', '20261128T153914000000Z-000000');
    expect(later.slice(0, -id.length)).toBe(a.slice(0, -id.length));
    expect(later > a).toBe(true);
    expect(deployRecordName('x'.repeat(63), id).length).toBe(64);
  });
});

describe('deployRecordLabels', () => {
  it('labels the stack under swarmlift’s own key, never the stack namespace', () => {
    const labels = deployRecordLabels({
      stack: 'shop',
      id: 'i',
      format: 1,
      version: 'abc1234',
      outcome: 'deployed',
    });
    expect(labels[DEPLOY_RECORD_LABEL]).toBe('shop');
    expect(Object.keys(labels).every((key) => key.startsWith(DEPLOY_RECORD_LABEL))).toBe(true);
    expect(Object.keys(labels)).not.toContain(STACK_NAMESPACE_LABEL);
    expect(JSON.parse(deployRecordFilter('shop'))).toEqual({
      label: [`${DEPLOY_RECORD_LABEL}=shop`],
    });
  });
});
