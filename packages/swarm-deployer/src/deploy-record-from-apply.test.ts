import { describe, expect, it } from 'vitest';
import type { DeployRecord } from './deploy-record.js';
import { deployRecordFromApply } from './deploy-record-from-apply.js';
import { checkNewDeployRecord } from './parse-deploy-record.js';
import type { Plan } from './plan.js';
import type { ServiceSpecs } from './read-service-specs.js';

const apply: DeployRecord = {
  stack: 'shop',
  startedAt: '2026-11-28T15:00:10.000Z',
  finishedAt: '2026-11-28T15:00:12.000Z',
  services: [
    {
      name: 'shop_web',
      id: 'w1',
      action: 'update',
      versionBefore: 10,
      versionAfter: 12,
      forceUpdate: 0,
      image: 'reg/shop:new',
      digest: 'sha256:1',
      updateStartedAt: '2026-11-28T15:00:11.000Z',
    },
    {
      name: 'shop_redis',
      id: 'r1',
      action: 'unchanged',
      versionAfter: 5,
      forceUpdate: 0,
      image: 'redis:7',
    },
  ],
  removedServices: ['shop_old'],
};
const specs: ServiceSpecs = {
  stack: 'shop',
  services: [
    { name: 'shop_redis', id: 'r1', version: 5, image: 'redis:7', spec: { Name: 'shop_redis' } },
    {
      name: 'shop_web',
      id: 'w1',
      version: 13,
      image: 'reg/shop:new',
      digest: 'sha256:1',
      spec: { Name: 'shop_web', Labels: { x: '1' } },
    },
  ],
};
const run = {
  stack: 'shop',
  version: 'abc1234',
  image: 'reg/shop:abc1234',
  performer: 'me@host',
  startedAt: new Date('2026-11-28T15:00:00.000Z'),
  finishedAt: '2026-11-28T15:01:30.500Z',
};

describe('deployRecordFromApply', () => {
  it('joins the apply with the specs read back, and the run’s own facts', () => {
    const record = deployRecordFromApply({
      ...run,
      apply,
      specs,
      outcome: 'deployed',
      digest: 'sha256:1',
      staticRelease: 'abc1234',
      previousStaticRelease: 'fff0000',
      migrations: ['polls.0002_x'],
      plan: {
        networks: [],
        secrets: [],
        configs: [],
        services: [{ action: 'update' }, { action: 'unchanged' }, { action: 'remove' }],
      } as unknown as Plan,
    });
    expect(record).toEqual({
      stack: 'shop',
      kind: 'deploy',
      version: 'abc1234',
      image: 'reg/shop:abc1234',
      digest: 'sha256:1',
      outcome: 'deployed',
      performer: 'me@host',
      startedAt: '2026-11-28T15:00:00.000Z',
      finishedAt: '2026-11-28T15:01:30.500Z',
      durationMs: 90_500,
      services: [
        {
          name: 'shop_web',
          id: 'w1',
          action: 'update',
          versionBefore: 10,
          versionAfter: 13,
          image: 'reg/shop:new',
          digest: 'sha256:1',
          spec: { Name: 'shop_web', Labels: { x: '1' } },
        },
        {
          name: 'shop_redis',
          id: 'r1',
          action: 'unchanged',
          versionAfter: 5,
          image: 'redis:7',
          spec: { Name: 'shop_redis' },
        },
      ],
      removedServices: ['shop_old'],
      staticRelease: 'abc1234',
      previousStaticRelease: 'fff0000',
      plan: {
        networks: { create: 0, update: 0, remove: 0, unchanged: 0 },
        secrets: { create: 0, update: 0, remove: 0, unchanged: 0 },
        configs: { create: 0, update: 0, remove: 0, unchanged: 0 },
        services: { create: 0, update: 1, remove: 1, unchanged: 1 },
        changes: 2,
        unchanged: false,
      },
      migrations: ['polls.0002_x'],
    });
    expect(checkNewDeployRecord(record).ok).toBe(true);
  });
  it('without an apply, records the services as they run (unchanged)', () => {
    const record = deployRecordFromApply({ ...run, specs, outcome: 'unchanged' });
    expect(record.services.map((s) => [s.name, s.action, s.versionAfter])).toEqual([
      ['shop_redis', 'unchanged', 5],
      ['shop_web', 'unchanged', 13],
    ]);
    expect(record.removedServices).toEqual([]);
    expect(record.plan).toBeUndefined();
    expect(checkNewDeployRecord(record).ok).toBe(true);
  });
  it('records a failure and a rollback with their own fields, and a summary as given', () => {
    const failed = deployRecordFromApply({
      ...run,
      kind: 'rollback',
      outcome: 'failed',
      error: { code: 'WAIT_FAILED', message: 'shop_web: task exited with 1' },
      rolledBackTo: { id: '20261128T150000000000Z-000000', version: 'fff0000' },
    });
    expect(failed).toMatchObject({
      kind: 'rollback',
      outcome: 'failed',
      error: { code: 'WAIT_FAILED', message: 'shop_web: task exited with 1' },
      rolledBackTo: { version: 'fff0000' },
      services: [],
      migrations: [],
    });
    expect(Object.keys(failed)).not.toContain('digest');
    expect(checkNewDeployRecord(failed).ok).toBe(true);
  });
});
