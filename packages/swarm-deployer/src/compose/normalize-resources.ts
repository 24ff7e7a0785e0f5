// deploy.resources: CPUs → nano CPUs, memory sizes → bytes.
import type { ServiceModel } from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';
import { bytesField, cpusField } from './field-values.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';

export function normalizeResources(
  resources: NonNullable<ServiceInput['deploy']>['resources'],
  at: Path,
): Normalized<ServiceModel['deploy']['resources']> {
  const problems: PathProblem[] = [];
  const path = [...at, 'deploy', 'resources'];
  const limits = resources?.limits;
  const reservations = resources?.reservations;
  return {
    value: {
      limits: limits && {
        cpus: cpusField(limits.cpus, [...path, 'limits', 'cpus'], problems),
        memory: bytesField(limits.memory, [...path, 'limits', 'memory'], problems),
        pids: limits.pids,
      },
      reservations: reservations && {
        cpus: cpusField(reservations.cpus, [...path, 'reservations', 'cpus'], problems),
        memory: bytesField(reservations.memory, [...path, 'reservations', 'memory'], problems),
        generic_resources: reservations.generic_resources,
      },
    },
    problems,
  };
}
