import { SwarmliftError } from '@swarmlift/core';
import type { EnvIssue } from './validate-env-vars.js';

/** Every code this package's errors use (core's OPTIONS_INVALID and CANCELLED pass through as they are). */
export const envWriterErrorCodes = [
  'ENV_INVALID',
  'ENV_FILE_INVALID',
  'ENV_FILE_READ_FAILED',
  'ENV_WRITE_FAILED',
] as const;
export type EnvWriterErrorCode = (typeof envWriterErrorCodes)[number];

/**
 * Base class of every error this package throws besides core's `OptionsError`
 * and `CancelledError`. `code` is stable across releases; `hint` tells the user
 * what to do. Messages never contain values.
 */
export class EnvWriterError<
  C extends EnvWriterErrorCode = EnvWriterErrorCode,
> extends SwarmliftError<C> {
  static override readonly brand: string = 'swarmlift/env-writer/EnvWriterError';
}

/** One or more variables cannot be written (`ENV_INVALID`); `issues` lists every one of them. */
export class EnvValidationError extends EnvWriterError<'ENV_INVALID'> {
  static override readonly brand: string = 'swarmlift/env-writer/EnvValidationError';
  readonly issues: readonly EnvIssue[];
  readonly file: string | undefined;

  constructor(options: { issues: readonly EnvIssue[]; file?: string | undefined }) {
    const where = options.file ? ` for ${options.file}` : '';
    const lines = options.issues.map((issue) => `  - ${issue.key}: ${issue.message}`);
    super({
      code: 'ENV_INVALID',
      message: `${options.issues.length} problem(s) with the environment${where}:\n${lines.join('\n')}`,
      hint: 'Fix the variables named above in your CI secrets; nothing was written.',
      category: 'invalid',
    });
    this.issues = options.issues;
    this.file = options.file;
  }
}

/** An env file does not follow the format the Docker CLI reads (`ENV_FILE_INVALID`). */
export class EnvFileParseError extends EnvWriterError<'ENV_FILE_INVALID'> {
  static override readonly brand: string = 'swarmlift/env-writer/EnvFileParseError';
  readonly line: number;
  readonly file: string | undefined;

  constructor(options: { line: number; reason: string; file?: string | undefined }) {
    const where = options.file ? `${options.file}:${options.line}` : `line ${options.line}`;
    super({
      code: 'ENV_FILE_INVALID',
      message: `${where}: ${options.reason}`,
      hint: 'Docker would reject this file too: fix the line named above (one KEY=value per line).',
      category: 'invalid',
    });
    this.line = options.line;
    this.file = options.file;
  }
}

/** A file could not be read or written (`ENV_FILE_READ_FAILED`, `ENV_WRITE_FAILED`); the system error is the `cause`. */
export class EnvFileAccessError extends EnvWriterError<
  'ENV_FILE_READ_FAILED' | 'ENV_WRITE_FAILED'
> {
  static override readonly brand: string = 'swarmlift/env-writer/EnvFileAccessError';
  readonly path: string;
  /** The system error code, e.g. `ENOENT` or `EACCES`, when there is one. */
  readonly reason: string | undefined;

  constructor(options: {
    code: 'ENV_FILE_READ_FAILED' | 'ENV_WRITE_FAILED';
    path: string;
    hint: string;
    cause: unknown;
  }) {
    const reason = (options.cause as NodeJS.ErrnoException | undefined)?.code;
    const verb = options.code === 'ENV_WRITE_FAILED' ? 'write' : 'read';
    super({
      code: options.code,
      message: `Could not ${verb} ${options.path}: ${reason ?? describe(options.cause)}`,
      hint: options.hint,
      cause: options.cause,
    });
    this.path = options.path;
    this.reason = reason;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
