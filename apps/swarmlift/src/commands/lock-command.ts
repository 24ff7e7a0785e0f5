import {
  formatEvent as formatRemoteEvent,
  placeManualStackLock,
  readStackLock,
  releaseManualStackLock,
  type StackLockInfo,
} from '@swarmlift/remote';
import type { RunSummary } from '../output/reporter.js';
import { runStep } from '../pipeline/run-step.js';
import { heldByYouAlready, lockMessageOf } from './lock-acquire-checks.js';
import { type LockView, lockLines, lockView } from './lock-view.js';
import type { CommandBody } from './run-command.js';

/** `lock --json`: the summary line's `data` (stable; keys are only ever added). */
export interface LockData {
  stack: string;
  action: 'status' | 'acquire' | 'release';
  /** The lock after the command (status, acquire), or the lock released (release); null when none. */
  lock: LockView | null;
}

/**
 * `swarmlift lock status|acquire|release`: the stack's deploy lock by hand.
 * `acquire -m MESSAGE` takes it as a manual lock — never renewed, never
 * expiring, never waited for by `--lock-wait` — so every deploy and
 * migration exits 4 with the holder and the message until `release`.
 * `status` exits 0 whether the stack is locked or not.
 */
export const lockCommand: CommandBody = async (context, line) => {
  const { settings, reporter, signal } = context;
  const action = line.positionals[0] as LockData['action'];
  const stack = settings.stack;
  let lock: LockView | null = null;

  if (action === 'status') {
    const info = await runStep(context, 'lock', `Read the lock of stack ${stack}`, async () => {
      const read = await readStackLock({ remote: await context.manager(), stack, signal });
      return [read, read ? `held by ${read.owner} (${read.kind})` : 'not held'] as const;
    });
    lock = lockView(info);
    // The lock is the command's output: stdout (the step stays on stderr); --json has it in data.
    reporter.output(`${lockLines(stack, lock).join('\n')}\n`);
  } else if (action === 'acquire') {
    const message = lockMessageOf(line.options.message);
    const info = await runStep(context, 'lock', `Lock stack ${stack} by hand`, async (step) => {
      const remote = await context.manager();
      try {
        const placed = await placeManualStackLock({
          remote,
          stack,
          owner: settings.performer,
          message,
          signal,
          // The take-over warning names the holder of an expired lock; the rest is said below.
          onEvent: (event) => {
            if (event.type === 'warning') step.warn(formatRemoteEvent(event) ?? event.message);
          },
        });
        return [placed, `held by ${placed.owner} until released`] as const;
      } catch (error) {
        if (!heldByYouAlready(error, settings.performer)) throw error;
        const current = (await readStackLock({ remote, stack, signal })) as StackLockInfo;
        return [current, `you (${settings.performer}) hold it already; unchanged`] as const;
      }
    });
    lock = lockView(info);
    reporter.info(
      `Stack ${stack} is locked by ${info.owner}: "${info.message}". Deploys and migrations exit 4 (--lock-wait does not wait for it) until \`swarmlift lock release\`.`,
    );
  } else {
    const released = await runStep(
      context,
      'lock',
      `Release the lock of stack ${stack}`,
      async () => {
        const removed = await releaseManualStackLock({
          remote: await context.manager(),
          stack,
          signal,
        });
        return [
          removed,
          removed ? `released the manual lock of ${removed.owner}` : 'nobody held the lock',
        ] as const;
      },
    );
    lock = lockView(released);
    if (released) reporter.info(`Deploys of ${stack} can take the lock again.`);
  }

  const data: LockData = { stack, action, lock };
  const summary: RunSummary = {
    command: 'lock',
    status: 'ok',
    exitCode: 0,
    durationMs: 0,
    stack,
    data: { ...data },
  };
  return summary;
};
