import { tailOf } from './log-collector.js';

const marker = Symbol.for('swarmlift.migrator.error');

export type MigratorErrorCode =
  | 'OPTIONS_INVALID'
  | 'ENV_FILE_INVALID'
  | 'ONE_OFF_FAILED'
  | 'ONE_OFF_START_FAILED'
  | 'ONE_OFF_LOST'
  | 'IMAGE_PULL_FAILED'
  | 'NO_SUITABLE_NODE'
  | 'ONE_OFF_TIMEOUT'
  | 'ONE_OFF_ABORTED'
  | 'NETWORK_UNUSABLE'
  | 'LOCK_HELD'
  | 'DOCKER_API_FAILED';

/**
 * Base class of every error this package throws. `code` is stable across
 * releases; `hint` tells the user what to do. Messages never contain an env
 * value or registry credentials.
 */
export class MigratorError extends Error {
  readonly code: MigratorErrorCode;
  readonly hint: string;
  /** Brand for `isInstance`; a symbol from the global registry is shared by every copy of this package. */
  readonly [marker] = true;

  constructor(options: {
    code: MigratorErrorCode;
    message: string;
    hint: string;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'MigratorError';
    this.code = options.code;
    this.hint = options.hint;
  }

  /** Works across duplicated copies of this package, unlike `instanceof`. */
  static isInstance(error: unknown): error is MigratorError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

/** What is known about the one-off run when it went wrong. */
export interface OneOffFailureDetails {
  /** The job service or container name. */
  name: string;
  taskId?: string | undefined;
  node?: string | undefined;
  /** The exit code, when the command ran. */
  exitCode?: number | undefined;
  /** The last log lines (stdout and stderr interleaved as received). */
  lastLines: readonly string[];
  /** Every log line received, for callers that want more than the tail. */
  logs: string;
  durationMs: number;
}

/** Anything that went wrong once the job or container existed: carries the exit code and the last log lines. */
export class OneOffError extends MigratorError {
  readonly details: OneOffFailureDetails;
  readonly exitCode: number | undefined;
  readonly lastLines: readonly string[];

  constructor(options: {
    code: MigratorErrorCode;
    message: string;
    hint: string;
    details: OneOffFailureDetails;
    cause?: unknown;
  }) {
    const tail = options.details.lastLines.length
      ? `\nlast log lines:\n${options.details.lastLines.map((line) => `  | ${line}`).join('\n')}`
      : '';
    super({
      code: options.code,
      message: `${options.message}${tail}`,
      hint: options.hint,
      cause: options.cause,
    });
    this.name = 'OneOffError';
    this.details = options.details;
    this.exitCode = options.details.exitCode;
    this.lastLines = options.details.lastLines;
  }
}

/** Another run holds the stack's lock and it has not expired. */
export class LockHeldError extends MigratorError {
  readonly lock: string;
  readonly owner: string;
  readonly expiresAt: string;

  constructor(options: { lock: string; owner: string; expiresAt: string }) {
    super({
      code: 'LOCK_HELD',
      message: `Lock ${options.lock} is held by ${options.owner} until ${options.expiresAt}`,
      hint:
        'Another migration for this stack is running. Wait for it to finish; a lock whose holder died ' +
        `expires at ${options.expiresAt} (or remove the Swarm config ${options.lock} by hand once you are sure).`,
    });
    this.name = 'LockHeldError';
    this.lock = options.lock;
    this.owner = options.owner;
    this.expiresAt = options.expiresAt;
  }
}

export function optionsInvalid(field: string, problem: string, hint: string): MigratorError {
  return new MigratorError({
    code: 'OPTIONS_INVALID',
    message: `Option \`${field}\` ${problem}`,
    hint,
  });
}

/** ONE_OFF_FAILED for a run that returned a non-zero exit code to its caller first. */
export function exitedNonZero(
  result: {
    name: string;
    taskId: string;
    node: string;
    exitCode: number;
    logs: string;
    durationMs: number;
  },
  command: readonly string[],
  hint: string,
  tailLines = 30,
): OneOffError {
  return new OneOffError({
    code: 'ONE_OFF_FAILED',
    message: `${command.join(' ')} exited with code ${result.exitCode} (${result.name})`,
    hint,
    details: {
      name: result.name,
      taskId: result.taskId,
      node: result.node,
      exitCode: result.exitCode,
      lastLines: tailOf(result.logs.split('\n'), tailLines),
      logs: result.logs,
      durationMs: result.durationMs,
    },
  });
}
