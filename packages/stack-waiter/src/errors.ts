const marker = Symbol.for('swarmlift.stack-waiter.error');

export type StackWaiterErrorCode =
  | 'OPTIONS_INVALID'
  | 'STACK_EMPTY'
  | 'SERVICE_NOT_FOUND'
  | 'WAIT_ABORTED'
  | 'ENGINE_ERROR';

/**
 * Base class of every error this package throws. `code` is stable across
 * releases; `hint` tells the user what to do. A deploy that failed is not an
 * error: it is a `StackWaitResult` with `status: 'failed'`.
 */
export class StackWaiterError extends Error {
  readonly code: StackWaiterErrorCode;
  readonly hint: string;
  /** Brand for `isInstance`; a symbol from the global registry is shared by every copy of this package. */
  readonly [marker] = true;

  constructor(options: {
    code: StackWaiterErrorCode;
    message: string;
    hint: string;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'StackWaiterError';
    this.code = options.code;
    this.hint = options.hint;
  }

  /** Works across duplicated copies of this package, unlike `instanceof`. */
  static isInstance(error: unknown): error is StackWaiterError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
