import { SwarmliftError } from '@swarmlift/core';
import type { StackWaitResult } from './types.js';

/** Every code this package's errors carry (options, cancellation and timeouts are core's). */
export const stackWaiterErrorCodes = [
  'WAIT_STACK_EMPTY',
  'WAIT_SERVICE_NOT_FOUND',
  'WAIT_ENGINE_FAILED',
  'WAIT_NOT_CONVERGED',
] as const;
export type StackWaiterErrorCode = (typeof stackWaiterErrorCodes)[number];

/**
 * Every error this package throws besides core's `OptionsError` and
 * `CancelledError`: `WAIT_STACK_EMPTY` (the stack has no services here),
 * `WAIT_SERVICE_NOT_FOUND` (a service named in `services` is not the
 * stack's), `WAIT_ENGINE_FAILED` (the engine failed to answer; category
 * `unreachable` when it could not be reached at all). A deploy that failed is
 * not an error but a `StackWaitResult` with `status: 'failed'` — unless the
 * caller asked for `reject: true`, which throws `StackNotConvergedError`.
 */
export class StackWaiterError<
  C extends StackWaiterErrorCode = StackWaiterErrorCode,
> extends SwarmliftError<C> {
  static override readonly brand: string = 'swarmlift/stack-waiter/StackWaiterError';
}

/**
 * With `reject: true`: the stack failed, rolled back or ran out of time.
 * `result` is the whole StackWaitResult (failed tasks with their errors and
 * last log lines); a timeout has category `timed_out` (exit 5).
 */
export class StackNotConvergedError extends StackWaiterError<'WAIT_NOT_CONVERGED'> {
  static override readonly brand: string = 'swarmlift/stack-waiter/StackNotConvergedError';
  readonly result: StackWaitResult;

  constructor(result: StackWaitResult) {
    const failed = result.services.filter(
      (service) => service.outcome !== 'converged' && service.outcome !== 'unchanged',
    );
    const firstTask = failed.flatMap((service) => service.failedTasks)[0];
    const why = firstTask
      ? ` — task ${firstTask.id}: ${firstTask.error ?? firstTask.message ?? firstTask.state}`
      : failed[0]?.reason
        ? ` — ${failed[0].reason}`
        : '';
    const what = {
      failed: 'failed',
      rolled_back: 'was rolled back',
      timed_out: `did not converge within ${Math.round(result.timeoutMs / 1000)} s`,
      converged: 'converged',
    }[result.status];
    super({
      code: 'WAIT_NOT_CONVERGED',
      message: `The deploy of stack ${result.stack} ${what}: ${failed.map((service) => `${service.name} ${service.outcome}`).join(', ') || 'no service finished'}${why}`,
      hint:
        result.status === 'timed_out'
          ? `Still pending: ${result.pending.join(', ') || 'none'}. Look at \`docker service ps --no-trunc\` for these services, or allow more time with timeoutMs.`
          : 'The failed tasks, their errors and last log lines are in error.result (formatResult prints them); fix the cause and deploy again.',
      category: result.status === 'timed_out' ? 'timed_out' : 'failed',
    });
    this.result = result;
  }
}
