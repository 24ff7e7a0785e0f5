import type { Plan } from './plan.js';

/** How many items of one kind a plan creates, updates, removes and leaves alone. */
export interface ActionCounts {
  create: number;
  update: number;
  remove: number;
  unchanged: number;
}

/** A plan in numbers: counts per kind and action, and whether it changes anything. */
export interface PlanSummary {
  networks: ActionCounts;
  secrets: ActionCounts;
  configs: ActionCounts;
  services: ActionCounts;
  /** Creates, updates and removes of every kind together. */
  changes: number;
  /** True when applying the plan would change nothing (`changes === 0`). */
  unchanged: boolean;
}

/** Counts a plan's items per kind and action (networks and secrets/configs are never updated in place). */
export function summarizePlan(
  plan: Pick<Plan, 'networks' | 'secrets' | 'configs' | 'services'>,
): PlanSummary {
  const count = (items: readonly { action: string }[]): ActionCounts => {
    const counts: ActionCounts = { create: 0, update: 0, remove: 0, unchanged: 0 };
    for (const item of items) {
      if (
        item.action === 'create' ||
        item.action === 'update' ||
        item.action === 'remove' ||
        item.action === 'unchanged'
      )
        counts[item.action]++;
    }
    return counts;
  };
  const networks = count(plan.networks);
  const secrets = count(plan.secrets);
  const configs = count(plan.configs);
  const services = count(plan.services);
  const changes = [networks, secrets, configs, services].reduce(
    (sum, c) => sum + c.create + c.update + c.remove,
    0,
  );
  return { networks, secrets, configs, services, changes, unchanged: changes === 0 };
}

/** True when applying the plan would change something on the swarm. */
export function planHasChanges(
  plan: Pick<Plan, 'networks' | 'secrets' | 'configs' | 'services'>,
): boolean {
  return !summarizePlan(plan).unchanged;
}
