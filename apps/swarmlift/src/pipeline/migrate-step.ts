import {
  formatEvent as formatMigratorEvent,
  type MigrateResult,
  migrate,
} from '@swarmlift/migrator';
import type { StackLock } from '@swarmlift/remote';
import type { Step } from '../output/reporter.js';
import { forwardEvents, type RunContext } from './run-context.js';

export interface MigrateStepOptions {
  /** The image to run (pinned to its digest when known). */
  image: string;
  /** The env file the stack's app service reads. */
  envFile: string;
  /** Full names of the app service's networks: the job joins them, so it reaches what the app reaches. */
  networks: readonly string[];
  /** The app service's placement constraints: the job runs where the app may run. */
  constraints?: readonly string[] | undefined;
  /** The deploy's lock, held by the caller; none for a standalone preview. */
  lock?: StackLock | undefined;
  check?: boolean;
  plan?: boolean;
}

/** Runs `python manage.py migrate --noinput` with the image as a one-off job on the stack's networks. */
export async function migrateStep(
  context: RunContext,
  step: Step,
  options: MigrateStepOptions,
): Promise<MigrateResult> {
  const { settings, signal } = context;
  return migrate({
    remote: await context.manager(),
    image: options.image,
    envFile: options.envFile,
    stack: settings.stack,
    networks: [],
    externalNetworks: options.networks,
    ...(options.constraints?.length ? { constraints: options.constraints } : {}),
    credentials: settings.credentials,
    lock: options.lock ?? (options.check || options.plan ? false : undefined),
    ...(options.check ? { check: true } : {}),
    ...(options.plan ? { plan: true } : {}),
    tailLines: 60, // a whole Django traceback
    secrets: settings.secrets,
    onEvent: forwardEvents(step, 'migrator', formatMigratorEvent),
    signal,
  });
}
