import { sleep } from '@swarmlift/core';
import {
  acquireStackLock,
  formatEvent as formatRemoteEvent,
  LockHeldError,
  type StackLock,
} from '@swarmlift/remote';
import type { Step } from '../output/reporter.js';
import { forwardEvents, type RunContext } from './run-context.js';
import { shouldWaitForLock } from './should-wait-for-lock.js';

const RETRY_EVERY_MS = 2_000;

/**
 * Takes the stack's deploy lock (owner: the CI run's URL, else user@host),
 * renewed while the run holds it. With LOCK_WAIT, another run's lock is
 * retried until that much time has passed; then LockHeldError (exit 4) names
 * the holder. A manual lock (`swarmlift lock acquire`) is never waited for:
 * a person holds it until they release it, so the run stops at once with
 * their name and message. An expired lock of a run that died is taken over
 * (remote's LOCK_TAKEN_OVER warning names the old holder).
 */
export async function lockStep(context: RunContext, step: Step): Promise<StackLock> {
  const { settings, signal } = context;
  const remote = await context.manager();
  const giveUpAt = Date.now() + settings.lockWaitMs;
  let announced = false;
  let tookOverFrom: string | undefined;
  const forward = forwardEvents(step, 'remote', formatRemoteEvent);
  for (;;) {
    try {
      const lock = await acquireStackLock({
        remote,
        stack: settings.stack,
        owner: settings.performer,
        onEvent: (event) => {
          if (event.type === 'warning' && event.code === 'LOCK_TAKEN_OVER') {
            tookOverFrom = event.previousOwner;
          }
          forward(event);
        },
        signal,
      });
      const takeover = tookOverFrom ? `; took over the expired lock of ${tookOverFrom}` : '';
      step.done(
        `held by ${lock.owner} until ${lock.expiresAt} (renewed while the deploy runs)${takeover}`,
      );
      return lock;
    } catch (error) {
      if (!shouldWaitForLock(error, Date.now() + RETRY_EVERY_MS, giveUpAt)) throw error;
      if (!LockHeldError.isInstance(error)) throw error;
      if (!announced) {
        step.info(`waiting for ${error.owner}, who holds the lock since ${error.since}`);
        announced = true;
      }
      await sleep(RETRY_EVERY_MS, signal);
    }
  }
}
