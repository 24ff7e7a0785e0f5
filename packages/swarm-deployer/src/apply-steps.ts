import type { Plan } from './plan.js';

/**
 * Every change applyPlan makes for `plan`, in the order it makes them, as
 * the labels its ApplyError lists under `applied` and `notApplied`
 * (e.g. `create network shop_default`, `update service shop_web`).
 */
export function applySteps(plan: Plan): string[] {
  const steps: string[] = [];
  for (const service of plan.services)
    if (service.action === 'remove') steps.push(`remove service ${service.name}`);
  for (const network of plan.networks)
    if (network.action === 'create') steps.push(`create network ${network.name}`);
  for (const item of [...plan.secrets, ...plan.configs])
    if (item.action === 'create') steps.push(`create ${item.kind} ${item.name}`);
  for (const service of plan.services)
    if (service.action === 'create' || service.action === 'update')
      steps.push(`${service.action} service ${service.name}`);
  for (const item of [...plan.secrets, ...plan.configs])
    if (item.action === 'remove') steps.push(`remove ${item.kind} ${item.name}`);
  for (const network of plan.networks)
    if (network.action === 'remove') steps.push(`remove network ${network.name}`);
  return steps;
}
