import { composeStep } from '../pipeline/load-compose.js';
import { migrateStep } from '../pipeline/migrate-step.js';
import { runStep } from '../pipeline/run-step.js';
import type { CommandBody } from './run-command.js';

/**
 * `swarmlift migrate [--check|--plan]`: runs `manage.py migrate` with the
 * image the compose file names, as a one-off job on the app service's
 * networks. `--check` exits 1 when migrations are pending; `--plan` lists
 * what would run. Applying takes the stack's lock; previews do not.
 */
export const migrateCommand: CommandBody = async (context, line) => {
  const { settings, reporter } = context;
  const check = line.options.check === true;
  const plan = line.options.plan === true;
  const compose = await composeStep(context);
  const title = check
    ? 'Check for pending migrations'
    : plan
      ? 'Plan the migrations'
      : 'Migrate the database';
  const result = await runStep(context, 'migrate', title, async (step) => {
    const ran = await migrateStep(context, step, {
      image: compose.image,
      envFile: compose.envFile,
      networks: compose.appNetworks,
      constraints: compose.appConstraints,
      check,
      plan,
    });
    if (check || plan) {
      return [
        ran,
        ran.pending.length
          ? `${ran.pending.length} pending: ${ran.pending.join(', ')}`
          : 'none pending',
      ] as const;
    }
    return [
      ran,
      ran.applied.length ? `applied ${ran.applied.join(', ')}` : 'no migrations to apply',
    ] as const;
  });
  if (plan && result.stdout.trim()) reporter.block('manage.py migrate --plan', result.stdout);
  const pending = check && result.pending.length > 0;
  return {
    command: 'migrate',
    status: pending ? 'failed' : 'ok',
    exitCode: pending ? 1 : 0,
    durationMs: 0,
    stack: settings.stack,
    image: compose.image,
    migrations: check || plan ? result.pending : result.applied,
  };
};
