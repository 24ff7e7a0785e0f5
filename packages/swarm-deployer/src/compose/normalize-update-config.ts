// deploy.update_config and deploy.rollback_config: durations → nanoseconds.
import type { UpdateConfigModel } from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';
import { durationField } from './field-values.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';

type UpdateConfigInput = NonNullable<ServiceInput['deploy']>['update_config'];

/** `path`: of the section, e.g. ['services', 'web', 'deploy', 'update_config']. */
export function normalizeUpdateConfig(
  config: UpdateConfigInput,
  path: Path,
): Normalized<UpdateConfigModel | undefined> {
  const problems: PathProblem[] = [];
  const value = config && {
    parallelism: config.parallelism,
    delay: durationField(config.delay, [...path, 'delay'], problems),
    failure_action: config.failure_action,
    monitor: durationField(config.monitor, [...path, 'monitor'], problems),
    max_failure_ratio: config.max_failure_ratio,
    order: config.order,
  };
  return { value, problems };
}
