import { sleep } from '@swarmlift/core';
import {
  acquireStackLock,
  formatEvent as formatRemoteEvent,
  LockHeldError,
  type StackLock,
} from '@swarmlift/remote';
import type { Step } from '../output/reporter.js';
import { forwardEvents, type RunContext } from './run-context.js';

const RETRY_EVERY_MS = 2_000;

/**
 * Takes the stack's deploy lock (owner: the CI run's URL, else user@host),
 * renewed while the run holds it. With LOCK_WAIT, a held lock is retried
 * until that much time has passed; then LockHeldError (exit 4) names the holder.
 */
export async function lockStep(context: RunContext, step: Step): Promise<StackLock> {
  const { settings, signal } = context;
  const remote = await context.manager();
  const giveUpAt = Date.now() + settings.lockWaitMs;
  let announced = false;
  for (;;) {
    try {
      const lock = await acquireStackLock({
        remote,
        stack: settings.stack,
        owner: settings.performer,
        onEvent: forwardEvents(step, 'remote', formatRemoteEvent),
        signal,
      });
      step.done(`held by ${lock.owner} until ${lock.expiresAt} (renewed while the deploy runs)`);
      return lock;
    } catch (error) {
      if (!LockHeldError.isInstance(error) || Date.now() + RETRY_EVERY_MS > giveUpAt) throw error;
      if (!announced) {
        step.info(`waiting for ${error.owner}, who holds the lock since ${error.since}`);
        announced = true;
      }
      await sleep(RETRY_EVERY_MS, signal);
    }
  }
}
