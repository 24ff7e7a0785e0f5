// deploy: (all but mode and replicas, see normalizeDeployMode) → the model's
// deploy section: labels as text, update/rollback configs, restart policy,
// resources, placement with its lists defaulted to empty, endpoint mode.
import type { ServiceModel } from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';
import { normalizeResources } from './normalize-resources.js';
import { normalizeRestartPolicy } from './normalize-restart-policy.js';
import { normalizeUpdateConfig } from './normalize-update-config.js';
import type { Normalized, Path } from './path-problem.js';
import { mapping } from './to-mapping.js';

export function normalizeDeploy(
  deploy: NonNullable<ServiceInput['deploy']>,
  at: Path,
): Normalized<Omit<ServiceModel['deploy'], 'mode' | 'replicas'>> {
  const update = normalizeUpdateConfig(deploy.update_config, [...at, 'deploy', 'update_config']);
  const rollback = normalizeUpdateConfig(deploy.rollback_config, [
    ...at,
    'deploy',
    'rollback_config',
  ]);
  const restartPolicy = normalizeRestartPolicy(deploy.restart_policy, at);
  const resources = normalizeResources(deploy.resources, at);
  return {
    value: {
      labels: mapping(deploy.labels, '=', false) as Record<string, string>,
      update_config: update.value,
      rollback_config: rollback.value,
      restart_policy: restartPolicy.value,
      resources: resources.value,
      placement: {
        constraints: deploy.placement?.constraints ?? [],
        preferences: deploy.placement?.preferences ?? [],
        max_replicas_per_node: deploy.placement?.max_replicas_per_node,
      },
      endpoint_mode: deploy.endpoint_mode,
    },
    problems: [
      ...update.problems,
      ...rollback.problems,
      ...restartPolicy.problems,
      ...resources.problems,
    ],
  };
}
