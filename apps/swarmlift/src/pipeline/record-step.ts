import {
  formatEvent as formatDeployEvent,
  type NewDeployRecord,
  recordDeploy,
} from '@swarmlift/swarm-deployer';
import { forwardEvents, type RunContext } from './run-context.js';

const KEEP = 20;

/**
 * Records the run on the manager (the last 20 are kept). Runs also after a
 * failure or a cancel, so it does not use the run's signal; a failure to
 * record is a warning, never the run's result.
 */
export async function recordStep(
  context: RunContext,
  options: { record: NewDeployRecord },
): Promise<void> {
  const step = context.reporter.step('record', 'Record the deploy on the manager');
  try {
    const result = await recordDeploy({
      remote: await context.manager(),
      stack: context.settings.stack,
      record: options.record,
      keep: KEEP,
      timeoutMs: 20_000,
      onEvent: forwardEvents(step, 'swarm-deployer', formatDeployEvent),
    });
    step.done(`${options.record.outcome} as ${result.id}`);
  } catch (error) {
    step.warn(`the deploy could not be recorded: ${(error as Error).message}`);
    step.done('not recorded');
  }
}
