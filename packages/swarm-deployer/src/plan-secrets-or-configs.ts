import { STACK_NAMESPACE_LABEL } from '@swarmlift/core';
import type { SwarmObject } from './engine-types.js';
import type { PlanProblem } from './errors.js';
import type { SecretOrConfigCreatePlan, SecretOrConfigPlan } from './plan.js';
import type { LoadedStack, StackSecretOrConfig } from './stack.js';

/**
 * What to do with each secret (or config) of the stack, given those the
 * engine has. Names carry a content hash, so a changed content is a new
 * version (`create`) and the old version is removed after the deploy;
 * one the file dropped goes only with `prune`. Missing external ones are
 * reported in `problems`.
 */
export function planSecretsOrConfigs(input: {
  kind: 'secret' | 'config';
  stack: LoadedStack;
  wanted: readonly StackSecretOrConfig[];
  existing: readonly SwarmObject[];
  prune: boolean;
  problems: PlanProblem[];
}): SecretOrConfigPlan[] {
  const { kind, stack, wanted, existing, prune, problems } = input;
  const byName = new Map(existing.map((item) => [item.Spec?.Name ?? '', item]));
  const plans: SecretOrConfigPlan[] = [];
  for (const item of wanted) {
    const found = byName.get(item.fullName);
    if (item.external && !found) {
      problems.push({
        code: kind === 'secret' ? 'DEPLOY_SECRET_NOT_FOUND' : 'DEPLOY_CONFIG_NOT_FOUND',
        message: `The ${kind} "${item.fullName}" is declared as external, but it does not exist.`,
        hint: `Create it first: printf %s "$VALUE" | docker ${kind} create ${item.fullName} -`,
      });
      continue;
    }
    if (found) {
      plans.push({
        kind,
        key: item.name,
        name: item.fullName,
        action: 'unchanged',
        external: item.external,
        id: found.ID,
      });
      continue;
    }
    const plan = {
      kind,
      key: item.name,
      name: item.fullName,
      action: 'create',
      external: false,
      labels: { ...item.labels, [STACK_NAMESPACE_LABEL]: stack.name },
    } as Omit<SecretOrConfigCreatePlan, 'data'> as SecretOrConfigCreatePlan;
    if (item.driver) plan.driver = item.driver;
    if (item.templateDriver) plan.templateDriver = item.templateDriver;
    // The content rides along out of sight: not enumerable, so never printed or serialised.
    Object.defineProperty(plan, 'data', { value: item.data ?? Buffer.alloc(0), enumerable: false });
    plans.push(plan);
  }
  const wantedNames = new Set(wanted.map((item) => item.fullName));
  const wantedKeys = new Set(wanted.map((item) => item.name));
  for (const item of existing) {
    const name = item.Spec?.Name ?? '';
    if (item.Spec?.Labels?.[STACK_NAMESPACE_LABEL] !== stack.name || wantedNames.has(name))
      continue;
    const key = keyOf(stack.name, name);
    // An older version of a secret the file still has goes after every deploy; one the file dropped, with prune.
    if (!wantedKeys.has(key) && !prune) continue;
    plans.push({ kind, key, name, action: 'remove', external: false, id: item.ID });
  }
  return plans;
}

/** `stack_db_password_0123456789ab` → `db_password` (also `stack_db_password`, as the CLI names them). */
function keyOf(stack: string, name: string): string {
  const rest = name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name;
  return rest.replace(/_[0-9a-f]{8,64}$/, '');
}
