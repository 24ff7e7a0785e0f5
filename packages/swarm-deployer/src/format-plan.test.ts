import { describe, expect, it } from 'vitest';
import { formatPlan } from './format-plan.js';
import type { Plan, SecretOrConfigCreatePlan } from './plan.js';

const plan: Plan = {
  stack: 'shop',
  plannedAt: '2026-01-01T00:00:00.000Z',
  resolveImage: 'always',
  prune: true,
  networks: [
    { name: 'shop_default', action: 'unchanged', external: false, id: 'n1' },
    { name: 'shop_old', action: 'remove', external: false, id: 'n2' },
  ],
  secrets: [
    {
      kind: 'secret',
      key: 'pw',
      name: 'shop_pw_222222222222',
      action: 'create',
      external: false,
      labels: {},
    } as Omit<SecretOrConfigCreatePlan, 'data'> as SecretOrConfigCreatePlan,
    {
      kind: 'secret',
      key: 'pw',
      name: 'shop_pw_111111111111',
      action: 'remove',
      external: false,
      id: 's1',
    },
  ],
  configs: [],
  services: [
    {
      key: 'web',
      name: 'shop_web',
      action: 'update',
      id: 'w',
      version: 5,
      image: 'app:2',
      deployImage: 'app:2@sha256:abc',
      resolved: true,
      spec: {},
      changes: [
        {
          path: 'TaskTemplate.ContainerSpec.Image',
          kind: 'changed',
          before: 'app:1@sha256:def',
          after: 'app:2@sha256:abc',
        },
        { path: 'TaskTemplate.ContainerSpec.Env.DB_PASSWORD', kind: 'changed', sensitive: true },
      ],
    },
    {
      key: 'worker',
      name: 'shop_worker',
      action: 'unchanged',
      id: 'k',
      version: 3,
      image: 'app:2',
      deployImage: 'app:2',
      resolved: false,
      spec: {},
      changes: [],
    },
    {
      key: 'old',
      name: 'shop_old',
      action: 'remove',
      id: 'o',
      version: 1,
      image: 'app:1',
      deployImage: 'app:1',
      resolved: false,
      changes: [],
    },
  ],
  warnings: [
    {
      type: 'warning',
      code: 'UNSUPPORTED_KEY',
      message: 'services.web.build is ignored by docker stack deploy',
    },
  ],
  unchanged: false,
};

describe('formatPlan', () => {
  it('prints every object with its action, the field changes, warnings and a summary', () => {
    // Secret content rides along out of sight, as planStack attaches it.
    Object.defineProperty(plan.secrets[0] as object, 'data', {
      value: Buffer.from('hunter2'),
      enumerable: false,
    });
    const text = formatPlan(plan);
    expect(text).toBe(
      [
        'Plan for stack shop (with prune):',
        '',
        'Networks:',
        '  = shop_default (unchanged)',
        '  - shop_old (remove)',
        '',
        'Secrets:',
        '  + shop_pw_222222222222 (new content)',
        '  - shop_pw_111111111111 (old version, removed after the deploy)',
        '',
        'Services:',
        '  ~ shop_web  app:2@sha256:abc',
        '      ~ TaskTemplate.ContainerSpec.Image: "app:1@sha256:def" -> "app:2@sha256:abc"',
        '      ~ Env DB_PASSWORD (value changed)',
        '  = shop_worker  app:2 (unchanged)',
        '  - shop_old (remove)',
        '',
        'Warnings:',
        '  ! services.web.build is ignored by docker stack deploy',
        '',
        '1 to create, 1 to update, 3 to remove, 2 unchanged.',
        '',
      ].join('\n'),
    );
    expect(text).not.toContain('hunter2');
    expect(JSON.stringify(plan)).not.toContain('hunter2');
  });
  it('says so when nothing changes', () => {
    expect(
      formatPlan({
        ...plan,
        networks: [],
        secrets: [],
        services: [],
        warnings: [],
        unchanged: true,
      }),
    ).toContain('No changes.');
  });
});
