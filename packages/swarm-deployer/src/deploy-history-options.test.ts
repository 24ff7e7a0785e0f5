// recordDeploy's and listDeploys' option checks: refused before the engine is asked anything.
import { OptionsError } from '@swarmlift/core';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { NewDeployRecord } from './deploy-history.js';
import { listDeploys } from './list-deploys.js';
import { readServiceSpecs } from './read-service-specs.js';
import { recordDeploy } from './record-deploy.js';

const touched: string[] = [];
const remote = {
  docker: new Proxy({} as Docker, {
    get: (_target, key) =>
      key === 'modem'
        ? {}
        : () => {
            touched.push(String(key));
            return Promise.resolve([]);
          },
  }),
};
const record: NewDeployRecord = {
  stack: 'shop',
  kind: 'deploy',
  version: 'abc1234',
  image: 'reg/shop:abc1234',
  outcome: 'deployed',
  performer: 'me@host',
  startedAt: '2026-11-28T15:00:00.000Z',
  finishedAt: '2026-11-28T15:01:00.000Z',
  durationMs: 60_000,
  services: [],
  removedServices: [],
  migrations: [],
};

describe('recordDeploy options', () => {
  it.each([
    ['remote', { remote: {} }],
    ['stack', { stack: 'no spaces' }],
    ['keep', { keep: 0 }],
    ['keep', { keep: 2.5 }],
    ['timeoutMs', { timeoutMs: -1 }],
    ['signal', { signal: 'stop' }],
    ['onEvent', { onEvent: 'log' }],
    ['record', { record: null }],
    ['record', { record: { ...record, outcome: 'exploded' } }],
    ['record', { record: { ...record, stack: 'other' } }],
  ])('refuses a bad %s with an OptionsError, touching nothing', async (field, bad) => {
    const error = await recordDeploy({ remote, stack: 'shop', record, ...(bad as object) }).catch(
      (e: unknown) => e,
    );
    expect(OptionsError.isInstance(error), String(error)).toBe(true);
    expect((error as OptionsError).field).toBe(field);
    expect(touched).toEqual([]);
  });
  it('lists the bad fields of a record by path', async () => {
    const error = await recordDeploy({
      remote,
      stack: 'shop',
      record: {
        ...record,
        durationMs: -5,
        services: [{ name: 'x' }],
      } as unknown as NewDeployRecord,
    }).then(
      () => undefined,
      (e: unknown) => e as OptionsError,
    );
    expect(error?.message).toContain('record.durationMs');
    expect(error?.message).toContain('record.services.0.id');
  });
});

describe('listDeploys and readServiceSpecs options', () => {
  it.each([
    ['stack', { stack: '' }],
    ['timeoutMs', { timeoutMs: 'soon' }],
    ['signal', { signal: {} }],
  ])('refuse a bad %s with an OptionsError, touching nothing', async (field, bad) => {
    for (const call of [listDeploys, readServiceSpecs]) {
      const error = await call({ remote, stack: 'shop', ...(bad as object) }).catch(
        (e: unknown) => e,
      );
      expect(OptionsError.isInstance(error), String(error)).toBe(true);
      expect((error as OptionsError).field).toBe(field);
    }
    expect(touched).toEqual([]);
  });
});
