import type { EnvIssue } from './validate-env-vars.js';

const marker = Symbol.for('swarmlift.env-writer.error');

export type EnvWriterErrorCode = 'ENV_INVALID' | 'ENV_FILE_PARSE' | 'ENV_WRITE_FAILED';

/**
 * Base class of every error this package throws. `code` is stable across
 * releases; `hint` tells the user what to do. Messages never contain values.
 */
export class EnvWriterError extends Error {
  readonly code: EnvWriterErrorCode;
  readonly hint: string;
  /** Brand for `isInstance`; a symbol from the global registry is shared by every copy of this package. */
  readonly [marker] = true;

  constructor(options: {
    code: EnvWriterErrorCode;
    message: string;
    hint: string;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'EnvWriterError';
    this.code = options.code;
    this.hint = options.hint;
  }

  /** Works across duplicated copies of this package, unlike `instanceof`. */
  static isInstance(error: unknown): error is EnvWriterError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

/** One or more variables cannot be written; `issues` lists every one of them. */
export class EnvValidationError extends EnvWriterError {
  readonly issues: readonly EnvIssue[];

  constructor(options: { issues: readonly EnvIssue[]; file?: string }) {
    const where = options.file ? ` for ${options.file}` : '';
    const lines = options.issues.map((issue) => `  - ${issue.key}: ${issue.message}`);
    super({
      code: 'ENV_INVALID',
      message: `${options.issues.length} problem(s) with the environment${where}:\n${lines.join('\n')}`,
      hint: 'Fix the variables named above in your CI secrets; nothing was written.',
    });
    this.name = 'EnvValidationError';
    this.issues = options.issues;
  }
}

/** An env file does not follow the format the Docker CLI reads. */
export class EnvFileParseError extends EnvWriterError {
  readonly line: number;
  readonly file: string | undefined;

  constructor(options: { line: number; reason: string; file?: string }) {
    const where = options.file ? `${options.file}:${options.line}` : `line ${options.line}`;
    super({
      code: 'ENV_FILE_PARSE',
      message: `${where}: ${options.reason}`,
      hint: 'Docker would reject this file too: fix the line named above (one KEY=value per line).',
    });
    this.name = 'EnvFileParseError';
    this.line = options.line;
    this.file = options.file;
  }
}
