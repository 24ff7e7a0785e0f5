import { hasLocalImage } from '../pipeline/ensure-local-image.js';
import { composeStep } from '../pipeline/load-compose.js';
import { runStep } from '../pipeline/run-step.js';
import { stageStaticStep, switchStatic } from '../pipeline/static-step.js';
import type { CommandBody } from './run-command.js';

/**
 * `swarmlift static`: collects the static files (in the image the compose
 * file names, or on the runner) and uploads them to STATIC_TARGET as a new
 * release, then switches the live link to it (`--no-switch`: staged only).
 */
export const staticCommand: CommandBody = async (context, line) => {
  const { settings } = context;
  const compose = await composeStep(context);
  const staged = await runStep(
    context,
    'static',
    `Stage static files in ${settings.staticTarget}`,
    async (step) => {
      const local = await hasLocalImage(await context.runnerEngine(), compose.image);
      return [
        await stageStaticStep(context, step, { image: compose.image, local, built: true }),
        undefined,
      ];
    },
  );
  if (staged && line.options['no-switch'] !== true) {
    await runStep(context, 'apply', 'Switch the static link', async (step) => {
      await switchStatic(context, step, staged);
      return [undefined, `${settings.staticTarget}/static → release ${staged.release}`] as const;
    });
  }
  return {
    command: 'static',
    status: 'ok',
    exitCode: 0,
    durationMs: 0,
    version: settings.version,
    staticRelease: staged?.release,
  };
};
