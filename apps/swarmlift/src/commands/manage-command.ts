import { UsageError } from '@swarmlift/core';
import { formatEvent as formatMigratorEvent, runOneOff } from '@swarmlift/migrator';
import { CliError } from '../errors.js';
import { composeStep } from '../pipeline/load-compose.js';
import { forwardEvents } from '../pipeline/run-context.js';
import { runStep } from '../pipeline/run-step.js';
import type { CommandBody } from './run-command.js';

const PASSED_THROUGH = /^DJANGO_SUPERUSER_/;

/**
 * `swarmlift manage -- <args>`: any `manage.py` command as a one-off job with
 * the image the app service runs now, on its networks, with the app's
 * variables (and DJANGO_SUPERUSER_* from the environment, for
 * `createsuperuser --noinput`). Its output is printed as it arrives.
 */
export const manageCommand: CommandBody = async (context, line) => {
  const { settings, reporter, signal } = context;
  if (line.rest.length === 0) {
    throw new UsageError('manage: no manage.py command given.', {
      usage:
        'swarmlift manage -- <manage.py arguments>, e.g. swarmlift manage -- createsuperuser --noinput',
    });
  }
  const compose = await composeStep(context);
  const manager = await context.manager();
  const service = `${settings.stack}_${settings.appService}`;
  const current = await manager.docker
    .getService(service)
    .inspect()
    .then(
      (info: { Spec?: { TaskTemplate?: { ContainerSpec?: { Image?: string } } } }) =>
        info.Spec?.TaskTemplate?.ContainerSpec?.Image,
      () => undefined,
    );
  if (!current) {
    throw new CliError({
      code: 'CLI_NOTHING_DEPLOYED',
      message: `manage: the service ${service} is not running on ${settings.targetLabel}, so there is no current image to run.`,
      hint: 'Deploy first (`swarmlift deploy`), or check STACK_NAME and APP_SERVICE.',
    });
  }
  const passed = Object.fromEntries(
    Object.entries(context.env).filter(
      (entry): entry is [string, string] =>
        PASSED_THROUGH.test(entry[0]) && typeof entry[1] === 'string',
    ),
  );
  const result = await runStep(
    context,
    'manage',
    `manage.py ${line.rest.join(' ')}`,
    async (step) => {
      const ran = await runOneOff({
        remote: manager,
        image: current,
        command: ['python', 'manage.py', ...line.rest],
        env: { ...settings.appEnv, ...passed },
        stack: settings.stack,
        networks: [],
        externalNetworks: compose.appNetworks,
        ...(compose.appConstraints.length ? { constraints: compose.appConstraints } : {}),
        credentials: settings.credentials,
        secrets: [...settings.secrets, ...Object.values(passed)],
        name: 'manage',
        reject: false,
        onLog: (text) => step.info(text),
        onEvent: forwardEvents(step, 'migrator', formatMigratorEvent),
        signal,
      });
      if (ran.exitCode !== 0) step.fail();
      return [
        ran,
        ran.exitCode === 0 ? `exit code 0 in ${(ran.durationMs / 1000).toFixed(1)} s` : undefined,
      ] as const;
    },
  );
  if (result.exitCode !== 0)
    reporter.warn(`manage.py ${line.rest[0]} exited with code ${result.exitCode}`);
  return {
    command: 'manage',
    status: result.exitCode === 0 ? 'ok' : 'failed',
    exitCode: result.exitCode === 0 ? 0 : 1,
    durationMs: 0,
    stack: settings.stack,
    image: current,
  };
};
