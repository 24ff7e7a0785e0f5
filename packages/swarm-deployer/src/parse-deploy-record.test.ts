import { describe, expect, it } from 'vitest';
import type { NewDeployRecord } from './deploy-history.js';
import { fitDeployRecord } from './fit-deploy-record.js';
import { checkNewDeployRecord, parseDeployRecord } from './parse-deploy-record.js';

const record: NewDeployRecord = {
  stack: 'shop',
  kind: 'deploy',
  version: 'abc1234',
  image: 'registry/shop:abc1234',
  digest: `sha256:${'a'.repeat(64)}`,
  outcome: 'deployed',
  performer: 'https://github.com/acme/shop/actions/runs/1',
  startedAt: '2026-11-28T15:00:00.000Z',
  finishedAt: '2026-11-28T15:01:00.000Z',
  durationMs: 60_000,
  services: [
    {
      name: 'shop_web',
      id: 's1',
      action: 'create',
      versionAfter: 12,
      image: 'registry/shop:abc1234',
      spec: {
        Name: 'shop_web',
        Labels: { a: 'b' },
        TaskTemplate: { ContainerSpec: { Image: 'x' } },
      },
    },
  ],
  removedServices: ['shop_old'],
  staticRelease: 'abc1234',
  plan: {
    networks: { create: 1, update: 0, remove: 0, unchanged: 0 },
    secrets: { create: 0, update: 0, remove: 0, unchanged: 0 },
    configs: { create: 0, update: 0, remove: 0, unchanged: 0 },
    services: { create: 1, update: 0, remove: 1, unchanged: 0 },
    changes: 3,
    unchanged: false,
  },
  migrations: ['polls.0001_initial'],
};

const config = (json: string) => ({
  ID: 'c1',
  Spec: { Name: 'n', Data: Buffer.from(json).toString('base64') },
});

describe('checkNewDeployRecord', () => {
  it('accepts a full record', () => {
    expect(checkNewDeployRecord(record)).toEqual({ ok: true, record });
  });
  it('names every bad field, never its value', () => {
    const result = checkNewDeployRecord({
      ...record,
      outcome: 'exploded',
      performer: '',
      startedAt: 'noon-s3cret',
      services: [{ ...record.services[0], versionAfter: -1 }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.split(':')[0])).toEqual([
      'record.outcome',
      'record.performer',
      'record.startedAt',
      'record.services.0.versionAfter',
    ]);
    expect(result.problems.join('\n')).not.toContain('s3cret');
  });
});

describe('parseDeployRecord', () => {
  it('reads back what fitDeployRecord stores', () => {
    const fitted = fitDeployRecord({ id: 'r1', ...record });
    if (!fitted.ok) throw new Error('does not fit');
    expect(parseDeployRecord(config(fitted.json))).toEqual({
      ok: true,
      record: { id: 'r1', ...record },
    });
  });
  it('keeps the spec as the engine stored it, unknown fields included', () => {
    const spec = { Name: 'shop_web', Mode: { Replicated: { Replicas: 2 } }, Future: { x: 1 } };
    const json = JSON.stringify({
      format: 1,
      id: 'r1',
      ...record,
      services: [{ ...record.services[0], spec }],
    });
    const parsed = parseDeployRecord(config(json));
    expect(parsed.ok && parsed.record.services[0]?.spec).toEqual(spec);
  });
  it('says why a record cannot be read, and never throws', () => {
    const reason = (json: string) => {
      const parsed = parseDeployRecord(config(json));
      return parsed.ok ? 'ok' : parsed.reason;
    };
    expect(reason('{not json')).toBe('the data is not JSON');
    expect(reason('[1]')).toBe('the data is not a JSON object');
    expect(reason(JSON.stringify(record))).toBe('it has no known format field');
    expect(reason(JSON.stringify({ ...record, id: 'r', format: 2 }))).toMatch(/format 2 is newer/);
    expect(reason(JSON.stringify({ format: 1, id: 'r', ...record, durationMs: 'long' }))).toMatch(
      /^durationMs: /,
    );
    expect(parseDeployRecord({ Spec: { Name: 'n' } })).toEqual({
      ok: false,
      reason: 'the config has no data',
    });
  });
});
