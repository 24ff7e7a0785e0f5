import { describe, expect, it } from 'vitest';
import type { DeployHistoryRecord } from './deploy-history.js';
import { fitDeployRecord, MAX_DEPLOY_RECORD_BYTES } from './fit-deploy-record.js';

const record = (envBytes: number): DeployHistoryRecord => ({
  id: '20261128T153913253992Z-a1b2c3',
  stack: 'shop',
  kind: 'deploy',
  version: 'abc1234',
  image: 'registry/shop:abc1234',
  outcome: 'deployed',
  performer: 'ci',
  startedAt: '2026-11-28T15:00:00.000Z',
  finishedAt: '2026-11-28T15:01:00.000Z',
  durationMs: 60_000,
  services: [
    {
      name: 'shop_web',
      id: 's1',
      action: 'update',
      versionBefore: 1,
      versionAfter: 2,
      image: 'registry/shop:abc1234',
      spec: {
        Name: 'shop_web',
        TaskTemplate: { ContainerSpec: { Env: [`X=${'v'.repeat(envBytes)}`] } },
      },
    },
  ],
  removedServices: [],
  migrations: [],
});

describe('fitDeployRecord', () => {
  it('stores the whole record as { format: 1, id, ... } when it fits', () => {
    const fitted = fitDeployRecord(record(10));
    expect(fitted.ok).toBe(true);
    if (!fitted.ok) return;
    expect(fitted.specsDropped).toBe(false);
    expect(fitted.json.startsWith('{"format":1,"id":"20261128T153913253992Z-a1b2c3"')).toBe(true);
    expect(fitted.bytes).toBe(Buffer.byteLength(fitted.json));
    expect(JSON.parse(fitted.json).services[0].spec.Name).toBe('shop_web');
  });
  it('drops the specs, and says so, when the record is over the limit', () => {
    const fitted = fitDeployRecord(record(MAX_DEPLOY_RECORD_BYTES));
    expect(fitted.ok).toBe(true);
    if (!fitted.ok) return;
    expect(fitted.specsDropped).toBe(true);
    expect(fitted.bytes).toBeLessThan(MAX_DEPLOY_RECORD_BYTES);
    const stored = JSON.parse(fitted.json);
    expect(stored.specsDropped).toBe(true);
    expect(stored.services[0]).toEqual({
      name: 'shop_web',
      id: 's1',
      action: 'update',
      versionBefore: 1,
      versionAfter: 2,
      image: 'registry/shop:abc1234',
    });
  });
  it('counts bytes, not characters, and refuses what does not fit without specs', () => {
    const wide = { ...record(0), migrations: ['é'.repeat(600)] };
    expect(fitDeployRecord(wide, 1500)).toMatchObject({ ok: false });
    const fitted = fitDeployRecord(wide, 4000);
    expect(fitted).toMatchObject({ ok: true, specsDropped: false });
  });
  it('cuts a long error message and never carries a caller’s specsDropped over', () => {
    const fitted = fitDeployRecord({
      ...record(0),
      outcome: 'failed',
      error: { code: 'WAIT_FAILED', message: 'x'.repeat(10_000) },
      specsDropped: true,
    });
    if (!fitted.ok) throw new Error('expected it to fit');
    const stored = JSON.parse(fitted.json);
    expect(stored.error.message.length).toBeLessThan(4100);
    expect(stored.error.message.endsWith('(cut)')).toBe(true);
    expect(stored.specsDropped).toBeUndefined();
  });
});
