import { describe, expect, it } from 'vitest';
import { applySteps } from './apply-steps.js';
import type { Plan } from './plan.js';

describe('applySteps', () => {
  it('lists every change in the order applyPlan makes them, and nothing for unchanged objects', () => {
    const plan = {
      stack: 'shop',
      networks: [
        {
          name: 'shop_default',
          action: 'create',
          external: false,
          create: { Name: 'shop_default' },
        },
        { name: 'ext', action: 'unchanged', external: true },
        { name: 'shop_old', action: 'remove', external: false, id: 'n' },
      ],
      secrets: [
        {
          kind: 'secret',
          key: 'pw',
          name: 'shop_pw_2',
          action: 'create',
          external: false,
          labels: {},
        },
        {
          kind: 'secret',
          key: 'pw',
          name: 'shop_pw_1',
          action: 'remove',
          external: false,
          id: 's',
        },
      ],
      configs: [
        {
          kind: 'config',
          key: 'c',
          name: 'shop_c_1',
          action: 'unchanged',
          external: false,
          id: 'c',
        },
      ],
      services: [
        { name: 'shop_web', action: 'update' },
        { name: 'shop_worker', action: 'unchanged' },
        { name: 'shop_new', action: 'create' },
        { name: 'shop_gone', action: 'remove' },
      ],
    } as unknown as Plan;
    expect(applySteps(plan)).toEqual([
      'remove service shop_gone',
      'create network shop_default',
      'create secret shop_pw_2',
      'update service shop_web',
      'create service shop_new',
      'remove secret shop_pw_1',
      'remove network shop_old',
    ]);
  });
});
