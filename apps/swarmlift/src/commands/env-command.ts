import { envStep } from '../pipeline/env-step.js';
import { composeStep } from '../pipeline/load-compose.js';
import { runStep } from '../pipeline/run-step.js';
import type { CommandBody } from './run-command.js';

/** `swarmlift env`: writes the env file the app service names from the app's variables. */
export const envCommand: CommandBody = async (context) => {
  const { settings } = context;
  const compose = await composeStep(
    context,
    (loaded) => `${settings.appService} reads ${loaded.envFile}`,
  );
  await runStep(context, 'env', `Write ${compose.envFile}`, async (step) => [
    await envStep(context, step, compose.envFile),
    undefined,
  ]);
  return { command: 'env', status: 'ok', exitCode: 0, durationMs: 0, stack: settings.stack };
};
