import {
  type ErrorCategory,
  isEngineUnreachable,
  isPassThroughError,
  SwarmliftError,
  type SwarmliftErrorOptions,
} from '@swarmlift/core';

/**
 * Every code this package throws with. Core's OPTIONS_INVALID, CANCELLED and
 * TIMED_OUT pass through as they are (as `OptionsError`, `CancelledError`,
 * `TimedOutError`).
 */
export const staticSyncErrorCodes = [
  // collectStatic (CollectStaticError)
  'COLLECTSTATIC_FAILED',
  // checks before anything is uploaded
  'STATIC_SOURCE_INVALID',
  'STATIC_PATH_INVALID',
  'STATIC_RELEASE_INVALID',
  'STATIC_RELEASE_EXISTS',
  'STATIC_TARGET_INVALID',
  'STATIC_TARGET_NOT_ALLOWED',
  'STATIC_TARGET_NOT_WRITABLE',
  'STATIC_MANIFEST_INVALID',
  'STATIC_TOOLS_MISSING',
  // talking to the server
  'STATIC_REMOTE_FAILED',
  'STATIC_UPLOAD_FAILED',
  'STATIC_SWITCH_FAILED',
  'STATIC_ROLLBACK_UNAVAILABLE',
  // activateStatic
  'STATIC_RELEASE_MISSING',
  'STATIC_RELEASE_INCOMPLETE',
  // syncStaticToMany (SyncStaticToManyError)
  'STATIC_SYNC_MANY_FAILED',
] as const;

export type StaticSyncErrorCode = (typeof staticSyncErrorCodes)[number];

/** Codes that mean "the input is wrong" (exit code 2) rather than "it failed" (1). */
const INVALID: ReadonlySet<StaticSyncErrorCode> = new Set<StaticSyncErrorCode>([
  'STATIC_SOURCE_INVALID',
  'STATIC_PATH_INVALID',
  'STATIC_RELEASE_INVALID',
  'STATIC_RELEASE_EXISTS',
  'STATIC_TARGET_INVALID',
  'STATIC_TARGET_NOT_ALLOWED',
]);

/**
 * Base class of every error this package throws. `code` is stable across
 * releases; `hint` tells the user what to do. Messages never contain an
 * environment value passed to collectstatic. A wrapped error from the SSH
 * session or the engine is kept as `cause`; when it means the server could
 * not be reached, `category` is `unreachable` (exit code 3).
 */
export class StaticSyncError<
  C extends StaticSyncErrorCode = StaticSyncErrorCode,
> extends SwarmliftError<C> {
  static override readonly brand: string = 'swarmlift/static-sync/StaticSyncError';

  constructor(options: SwarmliftErrorOptions<C>) {
    super({ ...options, category: options.category ?? categoryFor(options.code, options.cause) });
  }
}

function categoryFor(code: StaticSyncErrorCode, cause: unknown): ErrorCategory {
  if (INVALID.has(code)) return 'invalid';
  if (cause !== undefined && isEngineUnreachable(cause)) return 'unreachable';
  return 'failed';
}

/** `collectstatic` exited non-zero, could not start, or ran out of time; `output` holds its last lines. */
export class CollectStaticError extends StaticSyncError<'COLLECTSTATIC_FAILED'> {
  static override readonly brand: string = 'swarmlift/static-sync/CollectStaticError';
  readonly exitCode: number | undefined;
  readonly output: readonly string[];

  constructor(options: {
    reason: string;
    exitCode?: number | undefined;
    output: readonly string[];
    hint?: string;
    cause?: unknown;
    category?: ErrorCategory;
  }) {
    const tail = options.output.length
      ? `\nlast output:\n${options.output.map((line) => `  | ${line}`).join('\n')}`
      : '';
    super({
      code: 'COLLECTSTATIC_FAILED',
      message: `collectstatic failed: ${options.reason}${tail}`,
      hint:
        options.hint ??
        'Read the last output lines above; run `python manage.py collectstatic --noinput` the same way to reproduce it.',
      cause: options.cause,
      category: options.category,
    });
    this.exitCode = options.exitCode;
    this.output = options.output;
  }
}

/** What went wrong on one host of a syncStaticToMany. */
export interface HostFailure {
  host: string;
  error: Error;
}

/** syncStaticToMany: at least one host failed, so no link was switched; `failures` names each. */
export class SyncStaticToManyError extends StaticSyncError<'STATIC_SYNC_MANY_FAILED'> {
  static override readonly brand: string = 'swarmlift/static-sync/SyncStaticToManyError';
  readonly failures: readonly HostFailure[];

  constructor(options: { release: string; hosts: number; failures: readonly HostFailure[] }) {
    const { failures } = options;
    super({
      code: 'STATIC_SYNC_MANY_FAILED',
      message:
        `Release ${options.release} reached ${options.hosts - failures.length} of ${options.hosts} hosts; no link was switched.\n` +
        failures.map(({ host, error }) => `  ${host}: ${error.message}`).join('\n'),
      hint: 'Every host still serves its previous release. Fix the failing host(s) and run the sync again.',
      cause: failures[0]?.error,
      category: 'failed',
    });
    this.failures = failures;
  }
}

/**
 * An error from the SSH session (a `RemoteError`) or anything else that is not
 * this package's or core's, wrapped as `code` with the original as `cause`.
 */
export function wrapError(
  error: unknown,
  options: { code: 'STATIC_REMOTE_FAILED' | 'STATIC_UPLOAD_FAILED'; message: string; hint: string },
): SwarmliftError {
  if (SwarmliftError.isInstance(error) && isOwnOrCore(error)) return error;
  return new StaticSyncError({
    code: options.code,
    message: `${options.message}: ${error instanceof Error ? error.message : String(error)}`,
    hint: options.hint,
    cause: error,
  });
}

/** This package's errors and core's options, cancel and timeout errors pass through unwrapped. */
function isOwnOrCore(error: SwarmliftError): boolean {
  return StaticSyncError.isInstance(error) || isPassThroughError(error);
}

/** The last `count` non-empty lines of `text`. */
export function lastLines(text: string, count = 20): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-count);
}
