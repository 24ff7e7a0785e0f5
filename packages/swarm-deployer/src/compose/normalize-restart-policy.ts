// deploy.restart_policy: durations → nanoseconds.
import type { ServiceModel } from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';
import { durationField } from './field-values.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';

export function normalizeRestartPolicy(
  policy: NonNullable<ServiceInput['deploy']>['restart_policy'],
  at: Path,
): Normalized<ServiceModel['deploy']['restart_policy']> {
  const problems: PathProblem[] = [];
  const path = [...at, 'deploy', 'restart_policy'];
  const value = policy && {
    condition: policy.condition,
    delay: durationField(policy.delay, [...path, 'delay'], problems),
    max_attempts: policy.max_attempts,
    window: durationField(policy.window, [...path, 'window'], problems),
  };
  return { value, problems };
}
