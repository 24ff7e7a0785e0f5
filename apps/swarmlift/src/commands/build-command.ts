import { buildStep } from '../pipeline/build-step.js';
import { composeStep } from '../pipeline/load-compose.js';
import { runStep } from '../pipeline/run-step.js';
import type { CommandBody } from './run-command.js';

/** `swarmlift build [--force]`: builds and pushes the image the compose file names (skipped when the registry has it). */
export const buildCommand: CommandBody = async (context, line) => {
  const { settings } = context;
  const compose = await composeStep(context);
  const build = await runStep(context, 'build', `Build and push ${compose.image}`, async (step) => [
    await buildStep(context, step, compose.image, { force: line.options.force === true }),
    undefined,
  ]);
  return {
    command: 'build',
    status: 'ok',
    exitCode: 0,
    durationMs: 0,
    version: settings.version,
    image: build.image,
    digest: build.digest,
  };
};
