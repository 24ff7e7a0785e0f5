import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { planService, planServiceRemoval, shouldResolveImage } from './plan-service.js';
import type { StackService } from './stack.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

const service = (image = 'app:1'): StackService => ({
  name: 'web',
  fullName: 'shop_web',
  image,
  spec: {
    Name: 'shop_web',
    TaskTemplate: { ContainerSpec: { Image: image, Args: ['sleep', '1'] } },
    Mode: { Replicated: {} },
    EndpointSpec: {},
  } as Docker.ServiceSpec,
});

/** What the engine stores after a create of `spec`, roughly (defaults filled in). */
const stored = (spec: Docker.ServiceSpec, version = 7): Docker.Service =>
  ({
    ID: 'svc1',
    Version: { Index: version },
    Spec: {
      ...structuredClone(spec),
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec: { Mode: 'vip' },
      TaskTemplate: { ...structuredClone(spec.TaskTemplate), ForceUpdate: 2 },
    },
  }) as unknown as Docker.Service;

const stack = { name: 'shop' };
const networkNames = new Map<string, string>();

describe('planService', () => {
  it('plans a new service as create, with the stack labels, the tag and the pinned digest', () => {
    const plan = planService({
      service: service('app'),
      stack,
      existing: undefined,
      resolved: { digest: DIGEST, platforms: [{ OS: 'linux' }] },
      networkNames,
    });
    expect(plan.action).toBe('create');
    if (plan.action !== 'create') return;
    expect(plan).toMatchObject({
      deployImage: `app:latest@${DIGEST}`,
      digest: DIGEST,
      resolved: true,
    });
    expect(plan.spec.Labels).toMatchObject({
      'com.docker.stack.namespace': 'shop',
      'com.docker.stack.image': 'app',
    });
    expect(plan.spec.TaskTemplate).toMatchObject({ Placement: { Platforms: [{ OS: 'linux' }] } });
    // The spec (environment values) never shows when the plan is serialised.
    expect(Object.keys(plan)).not.toContain('spec');
  });

  it('plans the same service as unchanged against what the engine stored (no ports, no endpoint_mode)', () => {
    const created = planService({
      service: service(),
      stack,
      existing: undefined,
      resolved: undefined,
      networkNames,
    });
    if (created.action !== 'create') throw new Error('expected create');
    const plan = planService({
      service: service(),
      stack,
      existing: stored(created.spec),
      resolved: undefined,
      networkNames,
    });
    expect(plan).toMatchObject({ action: 'unchanged', id: 'svc1', version: 7, changes: [] });
    // The stored ForceUpdate is carried over, so an update never restarts tasks by itself.
    if (plan.action === 'unchanged')
      expect((plan.spec.TaskTemplate as { ForceUpdate?: number }).ForceUpdate).toBe(2);
  });

  it('plans a changed image as update with the field change, against the stored version', () => {
    const created = planService({
      service: service(),
      stack,
      existing: undefined,
      resolved: undefined,
      networkNames,
    });
    if (created.action !== 'create') throw new Error('expected create');
    const plan = planService({
      service: service('app:2'),
      stack,
      existing: stored(created.spec),
      resolved: undefined,
      networkNames,
    });
    expect(plan.action).toBe('update');
    if (plan.action !== 'update') return;
    expect(plan.id).toBe('svc1');
    expect(plan.version).toBe(7);
    expect(plan.changes.map((change) => change.path)).toEqual([
      'Labels.com.docker.stack.image',
      'TaskTemplate.ContainerSpec.Image',
    ]);
  });

  it('keeps the digest an earlier deploy pinned when the image did not change and is not resolved', () => {
    const created = planService({
      service: service(),
      stack,
      existing: undefined,
      resolved: { digest: DIGEST, platforms: [] },
      networkNames,
    });
    if (created.action !== 'create') throw new Error('expected create');
    const plan = planService({
      service: service(),
      stack,
      existing: stored(created.spec),
      resolved: undefined,
      networkNames,
    });
    expect(plan).toMatchObject({
      action: 'unchanged',
      deployImage: `app:1@${DIGEST}`,
      digest: DIGEST,
      resolved: false,
    });
  });
});

describe('shouldResolveImage', () => {
  it('asks the registry always, never, or for new services and changed images only', () => {
    const existing = stored({
      Labels: { 'com.docker.stack.image': 'app:1' },
    } as Docker.ServiceSpec);
    expect(shouldResolveImage({ service: service(), existing, resolveImage: 'always' })).toBe(true);
    expect(shouldResolveImage({ service: service(), existing, resolveImage: 'never' })).toBe(false);
    expect(shouldResolveImage({ service: service(), existing, resolveImage: 'changed' })).toBe(
      false,
    );
    expect(
      shouldResolveImage({ service: service('app:2'), existing, resolveImage: 'changed' }),
    ).toBe(true);
    expect(
      shouldResolveImage({ service: service(), existing: undefined, resolveImage: 'changed' }),
    ).toBe(true);
  });
});

describe('planServiceRemoval', () => {
  it('names the service by its key and carries its id and version', () => {
    const plan = planServiceRemoval('shop', {
      ID: 'x1',
      Version: { Index: 4 },
      Spec: {
        Name: 'shop_old',
        Labels: { 'com.docker.stack.image': 'app:1' },
        TaskTemplate: { ContainerSpec: { Image: `app:1@${DIGEST}` } },
      },
    } as unknown as Docker.Service);
    expect(plan).toEqual({
      key: 'old',
      name: 'shop_old',
      action: 'remove',
      id: 'x1',
      version: 4,
      image: 'app:1',
      deployImage: `app:1@${DIGEST}`,
      resolved: false,
      changes: [],
    });
  });
});
