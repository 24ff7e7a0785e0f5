import { STACK_NAMESPACE_LABEL } from '@swarmlift/core';
import type Docker from 'dockerode';
import type { PlanProblem } from './errors.js';
import type { NetworkPlan } from './plan.js';
import type { LoadedStack } from './stack.js';

/** Networks that exist on every node without being created (the CLI does not look them up). */
const BUILTIN_NETWORKS = new Set(['host', 'bridge', 'none', 'default']);

/**
 * What to do with each network of the stack, given the networks the engine
 * has: create the stack's own that are missing, check that external ones
 * exist (swarm-scoped), and with `prune` remove the stack's networks the
 * file no longer has. Missing external networks are reported in `problems`.
 */
export function planNetworks(input: {
  stack: LoadedStack;
  existing: readonly Docker.NetworkInspectInfo[];
  prune: boolean;
  problems: PlanProblem[];
}): NetworkPlan[] {
  const { stack, existing, prune, problems } = input;
  const byName = new Map<string, Docker.NetworkInspectInfo[]>();
  for (const network of existing)
    byName.set(network.Name, [...(byName.get(network.Name) ?? []), network]);
  const plans: NetworkPlan[] = [];
  for (const network of stack.networks) {
    const found = byName.get(network.fullName);
    if (network.external) {
      if (BUILTIN_NETWORKS.has(network.fullName)) {
        plans.push({ name: network.fullName, action: 'unchanged', external: true });
        continue;
      }
      const swarmScoped = found?.find((candidate) => candidate.Scope === 'swarm');
      if (!swarmScoped) {
        problems.push({
          code: 'DEPLOY_NETWORK_NOT_FOUND',
          message: found
            ? `Network "${network.fullName}" is declared as external, but it is a ${found[0]?.Scope}-scoped network, not a swarm one.`
            : `Network "${network.fullName}" is declared as external, but it does not exist.`,
          hint: `Create it first: docker network create --driver overlay --attachable ${network.fullName}`,
        });
        continue;
      }
      plans.push({
        name: network.fullName,
        action: 'unchanged',
        external: true,
        id: swarmScoped.Id,
      });
      continue;
    }
    const own = found?.find(
      (candidate) => candidate.Labels?.[STACK_NAMESPACE_LABEL] === stack.name,
    );
    if (own) {
      plans.push({ name: network.fullName, action: 'unchanged', external: false, id: own.Id });
      continue;
    }
    const create: Docker.NetworkCreateOptions = {
      ...(network.create ?? { Name: network.fullName }),
      Name: network.fullName,
    };
    create.Driver = create.Driver || 'overlay';
    create.Labels = { ...create.Labels, [STACK_NAMESPACE_LABEL]: stack.name };
    plans.push({ name: network.fullName, action: 'create', external: false, create });
  }
  if (prune) {
    const wanted = new Set(stack.networks.map((network) => network.fullName));
    for (const network of existing) {
      if (network.Labels?.[STACK_NAMESPACE_LABEL] !== stack.name || wanted.has(network.Name))
        continue;
      plans.push({ name: network.Name, action: 'remove', external: false, id: network.Id });
    }
  }
  return plans;
}
