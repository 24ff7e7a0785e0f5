import { CliError } from '../errors.js';
import { runStep } from '../pipeline/run-step.js';
import { failedTaskLines, waitStep } from '../pipeline/wait-step.js';
import type { CommandBody } from './run-command.js';

/** `swarmlift wait`: waits until the stack as it is now has converged, or says why not. */
export const waitCommand: CommandBody = async (context) => {
  const { settings, reporter } = context;
  const result = await runStep(
    context,
    'wait',
    `Wait for stack ${settings.stack}`,
    async (step) => {
      const waited = await waitStep(context, step, undefined);
      if (!waited.ok) step.fail();
      return [
        waited,
        waited.ok ? `converged in ${(waited.durationMs / 1000).toFixed(1)} s` : undefined,
      ] as const;
    },
  );
  if (!result.ok) {
    const lines = failedTaskLines(result);
    if (lines.length) reporter.block('Failed tasks', lines.join('\n'));
    throw new CliError({
      code: 'CLI_DEPLOY_NOT_CONVERGED',
      category: result.status === 'timed_out' ? 'timed_out' : 'failed',
      message: `Stack ${settings.stack} ${result.status === 'timed_out' ? 'did not converge in time; it may still converge' : `is ${result.status.replace('_', ' ')}`}.`,
      hint: 'Read the failed tasks above; `docker service ps --no-trunc` on the manager shows every task.',
    });
  }
  return {
    command: 'wait',
    status: 'ok',
    exitCode: 0,
    durationMs: 0,
    stack: settings.stack,
    services: result.services.map((s) => ({ name: s.name, action: s.outcome })),
  };
};
