// applyPlan's sequencing against a stand-in engine: the moments a real engine
// cannot be made to produce on demand (an abort between two steps, a request
// that hangs). The same paths run against the real swarm in
// test/deploy.integration.test.ts.
import { CancelledError, OptionsError, TimedOutError } from '@swarmlift/core';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { applyPlan } from './apply-plan.js';
import { ApplyError } from './errors.js';
import type { DeployEvent } from './events.js';
import type { Plan, ServicePlan } from './plan.js';

function servicePlan(
  plan: Omit<ServicePlan, 'spec' | 'key' | 'image' | 'deployImage' | 'resolved' | 'changes'> &
    Partial<ServicePlan>,
): ServicePlan {
  const full = {
    key: plan.name.replace(/^shop_/, ''),
    image: 'app:1',
    deployImage: 'app:1',
    resolved: false,
    changes: [],
    ...plan,
  };
  if (full.action !== 'remove')
    Object.defineProperty(full, 'spec', { value: { Name: plan.name, TaskTemplate: {} } });
  return full as ServicePlan;
}

const plan = (): Plan => ({
  stack: 'shop',
  plannedAt: '2026-01-01T00:00:00.000Z',
  resolveImage: 'never',
  prune: false,
  networks: [
    { name: 'shop_default', action: 'create', external: false, create: { Name: 'shop_default' } },
  ],
  secrets: [],
  configs: [],
  services: [
    servicePlan({ name: 'shop_web', action: 'create' }),
    servicePlan({ name: 'shop_worker', action: 'update', id: 'w1', version: 3 }),
  ],
  warnings: [],
  unchanged: false,
});

/** A stand-in for dockerode: records the calls; `hooks` decide what each answers. */
function fakeDocker(hooks: { createNetwork?: () => Promise<unknown> } = {}) {
  const calls: string[] = [];
  const docker = {
    modem: {},
    createNetwork: async (body: { Name: string }) => {
      calls.push(`createNetwork ${body.Name}`);
      return hooks.createNetwork ? hooks.createNetwork() : { id: 'n1' };
    },
    createService: async (_auth: unknown, spec: { Name: string }) => {
      calls.push(`createService ${spec.Name}`);
      return { id: 'c1' };
    },
    getService: (id: string) => ({
      inspect: async () => ({ ID: id, Version: { Index: 9 }, Spec: { TaskTemplate: {} } }),
      update: async () => {
        calls.push(`update ${id}`);
        return { Warnings: null };
      },
      remove: async () => {
        calls.push(`remove ${id}`);
      },
    }),
    listServices: async () => [],
  };
  return { calls, remote: { docker: docker as unknown as Docker } };
}

describe('applyPlan', () => {
  it('applies every step in order and reports plan_applied', async () => {
    const { calls, remote } = fakeDocker();
    const events: DeployEvent[] = [];
    const record = await applyPlan({ remote, plan: plan(), onEvent: (e) => events.push(e) });
    expect(calls).toEqual(['createNetwork shop_default', 'createService shop_web', 'update w1']);
    expect(record.services.map((s) => [s.name, s.action, s.id])).toEqual([
      ['shop_web', 'create', 'c1'],
      ['shop_worker', 'update', 'w1'],
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'network_created',
      'service_created',
      'service_updated',
      'plan_applied',
    ]);
    expect(events[0]).toEqual({ type: 'network_created', stack: 'shop', network: 'shop_default' });
  });

  it('stops between steps when aborted and says what was applied and what not (half-applied)', async () => {
    const controller = new AbortController();
    const { calls, remote } = fakeDocker({
      createNetwork: async () => {
        controller.abort();
        return { id: 'n1' };
      },
    });
    const error = await applyPlan({ remote, plan: plan(), signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(ApplyError.hasCode(error, 'DEPLOY_HALF_APPLIED')).toBe(true);
    if (!ApplyError.isInstance(error)) return;
    expect(error.category).toBe('cancelled');
    expect(CancelledError.isInstance(error.cause)).toBe(true);
    expect(error.applied).toEqual(['create network shop_default']);
    expect(error.notApplied).toEqual(['create service shop_web', 'update service shop_worker']);
    expect(error.message).toContain('half-applied');
    expect(error.message).toContain(
      'Not applied: create service shop_web, update service shop_worker',
    );
    // The step in flight finished; nothing after it started.
    expect(calls).toEqual(['createNetwork shop_default']);
  });

  it('rejects with CancelledError, touching nothing, when the signal aborted before the call', async () => {
    const { calls, remote } = fakeDocker();
    const error = await applyPlan({ remote, plan: plan(), signal: AbortSignal.abort() }).catch(
      (e: unknown) => e,
    );
    expect(CancelledError.isInstance(error)).toBe(true);
    expect(calls).toEqual([]);
  });

  it('gives up a step that hangs past timeoutMs and reports it as not applied', async () => {
    const { remote } = fakeDocker({ createNetwork: () => new Promise(() => {}) });
    const error = await applyPlan({ remote, plan: plan(), timeoutMs: 50 }).catch((e: unknown) => e);
    expect(ApplyError.hasCode(error, 'DEPLOY_HALF_APPLIED')).toBe(true);
    if (!ApplyError.isInstance(error)) return;
    expect(error.category).toBe('timed_out');
    expect(TimedOutError.isInstance(error.cause)).toBe(true);
    expect(error.applied).toEqual([]);
    expect(error.message).toContain('Nothing was applied.');
    expect(error.notApplied[0]).toBe('create network shop_default');
  });

  it('wraps a step the engine refuses in DEPLOY_FAILED, keeping the engine error as cause', async () => {
    const refusal = Object.assign(new Error('(HTTP code 409) conflict'), {
      statusCode: 409,
      json: { message: 'network with name shop_default already exists' },
    });
    const { remote } = fakeDocker({ createNetwork: () => Promise.reject(refusal) });
    const error = await applyPlan({ remote, plan: plan() }).catch((e: unknown) => e);
    expect(ApplyError.hasCode(error, 'DEPLOY_FAILED')).toBe(true);
    if (!ApplyError.isInstance(error)) return;
    expect(error.cause).toBe(refusal);
    expect(error.message).toBe(
      'Could not create network shop_default: network with name shop_default already exists. Nothing was applied.',
    );
    expect(error.notApplied).toHaveLength(3);
  });

  it('refuses credentials it cannot use (a host map) before touching anything', async () => {
    const { calls, remote } = fakeDocker();
    const error = await applyPlan({
      remote,
      plan: plan(),
      credentials: { '127.0.0.1:5000': { username: 'u', password: 'p' } } as never,
    }).catch((e: unknown) => e);
    expect(OptionsError.isInstance(error)).toBe(true);
    expect(calls).toEqual([]);
  });

  it.each([
    ['a JSON copy of the plan (specs are kept out of JSON)', { plan: 'json' }, 'plan'],
    ['a concurrency of 0', { concurrency: 0 }, 'concurrency'],
    ['a timeoutMs that is not a number', { timeoutMs: '5s' }, 'timeoutMs'],
    ['an onEvent that is not a function', { onEvent: 'log' }, 'onEvent'],
    ['a remote without a Docker API', { remote: { docker: undefined } }, 'remote'],
  ])('refuses %s with an OptionsError naming the option', async (_what, extra, field) => {
    const { calls, remote } = fakeDocker();
    const given = 'plan' in extra ? { plan: JSON.parse(JSON.stringify(plan())) } : extra;
    const error = await applyPlan({ remote, plan: plan(), ...(given as object) }).catch(
      (e: unknown) => e,
    );
    expect(OptionsError.isInstance(error) && error.field).toBe(field);
    expect(calls).toEqual([]);
  });
});
