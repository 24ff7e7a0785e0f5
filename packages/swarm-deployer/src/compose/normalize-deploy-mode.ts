// deploy.mode and deploy.replicas: a number of replicas is refused for the
// global modes, as the CLI does.
import type { ServiceModel } from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';

export function normalizeDeployMode(
  deploy: Pick<NonNullable<ServiceInput['deploy']>, 'mode' | 'replicas'>,
  at: Path,
): Normalized<Pick<ServiceModel['deploy'], 'mode' | 'replicas'>> {
  const problems: PathProblem[] = [];
  if ((deploy.mode === 'global' || deploy.mode === 'global-job') && deploy.replicas !== undefined) {
    problems.push({
      path: [...at, 'deploy', 'replicas'],
      message: 'replicas can only be used with replicated or replicated-job mode',
    });
  }
  return { value: { mode: deploy.mode, replicas: deploy.replicas }, problems };
}
