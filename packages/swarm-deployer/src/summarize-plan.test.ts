import { describe, expect, it } from 'vitest';
import type { Plan } from './plan.js';
import { planHasChanges, summarizePlan } from './summarize-plan.js';

const plan = (overrides: Partial<Plan> = {}) =>
  ({
    networks: [{ action: 'unchanged' }, { action: 'create' }],
    secrets: [{ action: 'create' }, { action: 'remove' }, { action: 'unchanged' }],
    configs: [],
    services: [
      { action: 'update' },
      { action: 'update' },
      { action: 'unchanged' },
      { action: 'remove' },
      { action: 'create' },
    ],
    ...overrides,
  }) as unknown as Plan;

describe('summarizePlan', () => {
  it('counts every action per kind, and the changes together', () => {
    expect(summarizePlan(plan())).toEqual({
      networks: { create: 1, update: 0, remove: 0, unchanged: 1 },
      secrets: { create: 1, update: 0, remove: 1, unchanged: 1 },
      configs: { create: 0, update: 0, remove: 0, unchanged: 0 },
      services: { create: 1, update: 2, remove: 1, unchanged: 1 },
      changes: 7,
      unchanged: false,
    });
    expect(planHasChanges(plan())).toBe(true);
  });
  it('says a plan of unchanged items (or none) changes nothing', () => {
    const still = plan({
      networks: [{ action: 'unchanged' }] as Plan['networks'],
      secrets: [],
      services: [{ action: 'unchanged' }, { action: 'unchanged' }] as Plan['services'],
    });
    expect(summarizePlan(still)).toMatchObject({ changes: 0, unchanged: true });
    expect(summarizePlan(still).services.unchanged).toBe(2);
    expect(planHasChanges(still)).toBe(false);
    expect(planHasChanges(plan({ networks: [], secrets: [], services: [] }))).toBe(false);
  });
  it('counts a lone pruned config as a change', () => {
    const pruned = plan({
      networks: [],
      secrets: [],
      services: [],
      configs: [{ action: 'remove' }] as Plan['configs'],
    });
    expect(planHasChanges(pruned)).toBe(true);
  });
});
