import { SwarmliftError } from '@swarmlift/core';

/** Every code this package's errors carry (options, cancellation and timeouts are core's). */
export const stackWaiterErrorCodes = [
  'WAIT_STACK_EMPTY',
  'WAIT_SERVICE_NOT_FOUND',
  'WAIT_ENGINE_FAILED',
] as const;
export type StackWaiterErrorCode = (typeof stackWaiterErrorCodes)[number];

/**
 * Every error this package throws besides core's `OptionsError` and
 * `CancelledError`: `WAIT_STACK_EMPTY` (the stack has no services here),
 * `WAIT_SERVICE_NOT_FOUND` (a service named in `services` is not the
 * stack's), `WAIT_ENGINE_FAILED` (the engine failed to answer; category
 * `unreachable` when it could not be reached at all). A deploy that failed is
 * not an error: it is a `StackWaitResult` with `status: 'failed'`.
 */
export class StackWaiterError<
  C extends StackWaiterErrorCode = StackWaiterErrorCode,
> extends SwarmliftError<C> {
  static override readonly brand: string = 'swarmlift/stack-waiter/StackWaiterError';
}
