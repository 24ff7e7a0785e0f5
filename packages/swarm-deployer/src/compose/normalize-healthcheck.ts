// healthcheck: → the model's healthcheck: a string test becomes
// ["CMD-SHELL", test], durations become nanoseconds; test and disable
// together are refused, as the CLI does.
import type { ServiceModel } from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';
import { durationField } from './field-values.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';

export function normalizeHealthcheck(
  healthcheck: ServiceInput['healthcheck'],
  at: Path,
): Normalized<ServiceModel['healthcheck']> {
  const problems: PathProblem[] = [];
  const path = [...at, 'healthcheck'];
  const value = healthcheck && {
    test:
      healthcheck.test === undefined
        ? undefined
        : typeof healthcheck.test === 'string'
          ? ['CMD-SHELL', healthcheck.test]
          : healthcheck.test,
    interval: durationField(healthcheck.interval, [...path, 'interval'], problems),
    timeout: durationField(healthcheck.timeout, [...path, 'timeout'], problems),
    retries: healthcheck.retries,
    start_period: durationField(healthcheck.start_period, [...path, 'start_period'], problems),
    start_interval: durationField(
      healthcheck.start_interval,
      [...path, 'start_interval'],
      problems,
    ),
    disable: healthcheck.disable,
  };
  if (value?.disable && value.test && value.test.length > 0) {
    problems.push({ path, message: 'test and disable cannot be set at the same time' });
  }
  return { value, problems };
}
