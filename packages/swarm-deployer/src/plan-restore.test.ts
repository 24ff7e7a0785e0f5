import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { DeployHistoryService } from './deploy-history.js';
import { planRestore, type RestoreCurrentState } from './plan-restore.js';
import type { ServiceSpecEntry } from './read-service-specs.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

function spec(
  name: string,
  image: string,
  extra: Record<string, unknown> = {},
): Docker.ServiceSpec {
  return {
    Name: name,
    Labels: { 'com.docker.stack.namespace': 'shop' },
    TaskTemplate: {
      ContainerSpec: { Image: image, Env: ['SECRET_KEY=s3cret'], ...extra },
      Networks: [{ Target: 'net-id-1' }],
      ForceUpdate: 0,
    },
  } as Docker.ServiceSpec;
}

const recorded = (
  name: string,
  image: string,
  extra?: Record<string, unknown>,
): DeployHistoryService => ({
  name,
  id: `${name}-id`,
  action: 'update',
  versionAfter: 3,
  image: image.split('@')[0] as string,
  spec: spec(name, image, extra),
});

const running = (
  name: string,
  image: string,
  version: number,
  forceUpdate = 0,
): ServiceSpecEntry => {
  const s = spec(name, image);
  (s.TaskTemplate as { ForceUpdate?: number }).ForceUpdate = forceUpdate;
  return { name, id: `${name}-id`, version, image: image.split('@')[0] as string, spec: s };
};

const state = (
  services: ServiceSpecEntry[],
  more: Partial<RestoreCurrentState> = {},
): RestoreCurrentState => ({
  services,
  networks: [{ id: 'net-id-1', name: 'shop_default' }],
  secrets: [],
  configs: [],
  ...more,
});

const plannedAt = '2026-11-28T18:00:00.000Z';

describe('planRestore', () => {
  it('updates a changed service against its current version, keeps the running ForceUpdate, leaves an equal one', () => {
    const result = planRestore({
      record: {
        stack: 'shop',
        services: [recorded('shop_web', `reg/web:v1@${D1}`), recorded('shop_redis', 'redis:7')],
      },
      current: state([
        running('shop_web', `reg/web:v2@${D2}`, 41, 3),
        running('shop_redis', 'redis:7', 7),
      ]),
      plannedAt,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [redis, web] = result.plan.services;
    expect(redis).toMatchObject({ name: 'shop_redis', action: 'unchanged', version: 7 });
    expect(web).toMatchObject({
      name: 'shop_web',
      action: 'update',
      id: 'shop_web-id',
      version: 41,
      deployImage: `reg/web:v1@${D1}`,
      digest: D1,
    });
    if (web?.action !== 'update') throw new Error('expected an update');
    expect(web.changes.map((c) => c.path)).toEqual(['TaskTemplate.ContainerSpec.Image']);
    expect((web.spec.TaskTemplate as { ForceUpdate?: number }).ForceUpdate).toBe(3);
    expect(result.plan.unchanged).toBe(false);
    expect(result.plan.prune).toBe(true);
    // The spec (with env values) never shows when the plan is printed.
    expect(JSON.stringify(result.plan)).not.toContain('s3cret');
  });

  it('creates a service the stack lost and removes one the record does not have', () => {
    const result = planRestore({
      record: { stack: 'shop', services: [recorded('shop_web', `reg/web:v1@${D1}`)] },
      current: state([running('shop_worker', `reg/web:v2@${D2}`, 9)]),
      plannedAt,
    });
    if (!result.ok) throw new Error('expected a plan');
    expect(result.plan.services.map((s) => [s.name, s.action])).toEqual([
      ['shop_web', 'create'],
      ['shop_worker', 'remove'],
    ]);
    const created = result.plan.services[0];
    if (created?.action !== 'create') throw new Error('expected a create');
    expect((created.spec.TaskTemplate as { ForceUpdate?: number }).ForceUpdate).toBeUndefined();
    expect(result.plan.services[1]).toMatchObject({
      key: 'worker',
      id: 'shop_worker-id',
      version: 9,
    });
  });

  it('is unchanged when every service already runs its recorded spec', () => {
    const result = planRestore({
      record: { stack: 'shop', services: [recorded('shop_web', `reg/web:v1@${D1}`)] },
      current: state([running('shop_web', `reg/web:v1@${D1}`, 12)]),
      plannedAt,
    });
    expect(result.ok && result.plan.unchanged).toBe(true);
  });

  it('refuses a record whose specs were dropped or are missing', () => {
    const web = recorded('shop_web', `reg/web:v1@${D1}`);
    expect(
      planRestore({
        record: { stack: 'shop', services: [web], specsDropped: true },
        current: state([]),
        plannedAt,
      }),
    ).toEqual({ ok: false, reason: 'specs_missing', services: ['shop_web'] });
    const { spec: _dropped, ...withoutSpec } = web;
    expect(
      planRestore({
        record: { stack: 'shop', services: [withoutSpec, recorded('shop_redis', 'redis:7')] },
        current: state([]),
        plannedAt,
      }),
    ).toEqual({ ok: false, reason: 'specs_missing', services: ['shop_web'] });
    expect(
      planRestore({ record: { stack: 'shop', services: [] }, current: state([]), plannedAt }),
    ).toMatchObject({
      ok: false,
      reason: 'specs_missing',
    });
  });

  it('lists each network, secret and config the recorded specs need that is gone', () => {
    const result = planRestore({
      record: {
        stack: 'shop',
        services: [
          recorded('shop_web', `reg/web:v1@${D1}`, {
            Secrets: [{ SecretID: 'sec-old', SecretName: 'shop_key_aaa' }],
            Configs: [{ ConfigID: 'cfg-1', ConfigName: 'shop_conf_bbb' }],
          }),
        ],
      },
      current: state([], {
        networks: [],
        configs: [{ id: 'cfg-1', name: 'shop_conf_bbb' }],
        secrets: [{ id: 'sec-new', name: 'shop_key_ccc' }],
      }),
      plannedAt,
    });
    expect(result.ok).toBe(false);
    if (result.ok || result.reason !== 'references_missing') throw new Error('expected problems');
    expect(result.problems.map((p) => p.code)).toEqual([
      'DEPLOY_NETWORK_NOT_FOUND',
      'DEPLOY_SECRET_NOT_FOUND',
    ]);
    expect(result.problems[1]?.message).toContain('shop_key_aaa');
  });
});
