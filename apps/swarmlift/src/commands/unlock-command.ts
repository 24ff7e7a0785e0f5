import { breakStackLock } from '@swarmlift/remote';
import { CliError } from '../errors.js';
import { runStep } from '../pipeline/run-step.js';
import type { CommandBody } from './run-command.js';

/**
 * `swarmlift unlock --force`: removes the stack's deploy lock whoever holds
 * it — for a lock left by a run that can no longer release it. Without
 * `--force` it only says who holds it.
 */
export const unlockCommand: CommandBody = async (context, line) => {
  const { settings, reporter } = context;
  const force = line.options.force === true;
  const removed = await runStep(context, 'unlock', `Unlock stack ${settings.stack}`, async () => {
    const manager = await context.manager();
    if (!force) {
      throw new CliError({
        code: 'CLI_FORCE_REQUIRED',
        category: 'invalid',
        message: 'unlock removes a lock another run may still hold, so it needs --force.',
        hint: 'Make sure no deploy of this stack is running, then run `swarmlift unlock --force`.',
      });
    }
    const info = await breakStackLock({
      remote: manager,
      stack: settings.stack,
      signal: context.signal,
    });
    return [
      info,
      info ? `removed the lock held by ${info.owner} since ${info.since}` : 'nobody held the lock',
    ] as const;
  });
  if (removed) reporter.info(`The next deploy of ${settings.stack} can take the lock.`);
  return { command: 'unlock', status: 'ok', exitCode: 0, durationMs: 0, stack: settings.stack };
};
