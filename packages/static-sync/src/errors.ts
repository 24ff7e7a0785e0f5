const marker = Symbol.for('swarmlift.static-sync.error');

export type StaticSyncErrorCode =
  | 'COLLECTSTATIC_FAILED'
  | 'OPTION_INVALID'
  | 'SOURCE_INVALID'
  | 'PATH_INVALID'
  | 'RELEASE_INVALID'
  | 'RELEASE_EXISTS'
  | 'TARGET_INVALID'
  | 'TARGET_NOT_ALLOWED'
  | 'TARGET_NOT_WRITABLE'
  | 'MANIFEST_INVALID'
  | 'REMOTE_TOOLS_MISSING'
  | 'UPLOAD_FAILED'
  | 'SWITCH_FAILED'
  | 'ROLLBACK_UNAVAILABLE'
  | 'SYNC_MANY_FAILED';

/**
 * Base class of every error this package throws. `code` is stable across
 * releases; `hint` tells the user what to do. Messages never contain an
 * environment value passed to collectstatic.
 */
export class StaticSyncError extends Error {
  readonly code: StaticSyncErrorCode;
  readonly hint: string;
  /** Brand for `isInstance`; a symbol from the global registry is shared by every copy of this package. */
  readonly [marker] = true;

  constructor(options: {
    code: StaticSyncErrorCode;
    message: string;
    hint: string;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'StaticSyncError';
    this.code = options.code;
    this.hint = options.hint;
  }

  /** Works across duplicated copies of this package, unlike `instanceof`. */
  static isInstance(error: unknown): error is StaticSyncError {
    return typeof error === 'object' && error !== null && marker in error;
  }

  /** True when `error` is a StaticSyncError with one of `codes`. */
  static hasCode(error: unknown, ...codes: StaticSyncErrorCode[]): error is StaticSyncError {
    return StaticSyncError.isInstance(error) && codes.includes(error.code);
  }
}

/** `collectstatic` exited non-zero (or could not start); `output` holds its last lines. */
export class CollectStaticError extends StaticSyncError {
  readonly exitCode: number | undefined;
  readonly output: readonly string[];

  constructor(options: {
    reason: string;
    exitCode?: number | undefined;
    output: readonly string[];
    hint?: string;
    cause?: unknown;
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
    });
    this.name = 'CollectStaticError';
    this.exitCode = options.exitCode;
    this.output = options.output;
  }
}

/** The last `count` non-empty lines of `text`. */
export function lastLines(text: string, count = 20): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-count);
}
