import { formatEvent as formatEnvEvent, writeEnvFile } from '@swarmlift/env-writer';
import type { Step } from '../output/reporter.js';
import { forwardEvents, type RunContext } from './run-context.js';

/**
 * Writes the env file the app service names (the guide: deployment/.env),
 * mode 0600, atomically, with env-writer's rules: values byte for byte,
 * refusing what Docker's format cannot carry.
 */
export async function envStep(context: RunContext, step: Step, path: string): Promise<string[]> {
  const { keys } = await writeEnvFile({
    path,
    vars: context.settings.appEnv,
    onEvent: forwardEvents(step, 'env-writer', formatEnvEvent),
    signal: context.signal,
  });
  step.done(`${keys.length} variables in ${path} (${keys.join(', ')})`);
  return keys;
}
