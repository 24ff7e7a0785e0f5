import type { Plan } from '@swarmlift/swarm-deployer';

const ENV_PREFIX = 'TaskTemplate.ContainerSpec.Env.';

export interface EnvChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

/** The env keys a plan adds, removes or changes in one service — names only, never values. */
export function envChanges(plan: Pick<Plan, 'services'>, service: string): EnvChanges {
  const result: EnvChanges = { added: [], removed: [], changed: [] };
  const planned = plan.services.find((s) => s.name === service);
  if (planned?.action !== 'update') return result;
  for (const change of planned.changes) {
    if (!change.path.startsWith(ENV_PREFIX)) continue;
    const key = change.path.slice(ENV_PREFIX.length);
    result[change.kind].push(key);
  }
  return result;
}

/** `+ NEW_KEY, - OLD_KEY, ~ SECRET_KEY`, or `no changes`. */
export function formatEnvChanges(changes: EnvChanges): string {
  const parts = [
    ...changes.added.map((key) => `+ ${key}`),
    ...changes.removed.map((key) => `- ${key}`),
    ...changes.changed.map((key) => `~ ${key}`),
  ];
  return parts.length ? parts.join(', ') : 'no changes';
}
