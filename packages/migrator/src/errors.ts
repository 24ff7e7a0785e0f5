import { type ErrorCategory, SwarmliftError } from '@swarmlift/core';
import { describeCommand } from './describe-command.js';
import { tailOf } from './log-collector.js';

/** Every code this package's errors use (core's `OPTIONS_INVALID`, `CANCELLED`, `TIMED_OUT` pass through as they are). */
export const migratorErrorCodes = [
  'ONE_OFF_FAILED',
  'ONE_OFF_START_FAILED',
  'ONE_OFF_LOST',
  'ONE_OFF_IMAGE_PULL_FAILED',
  'ONE_OFF_NO_SUITABLE_NODE',
  'ONE_OFF_TIMEOUT',
  'ONE_OFF_ABORTED',
  'ONE_OFF_DOCKER_API_FAILED',
  'ONE_OFF_NETWORK_UNUSABLE',
  'ONE_OFF_ENV_FILE_INVALID',
  'MIGRATE_LOCK_HELD',
  'MIGRATE_LOCK_FAILED',
] as const;
export type MigratorErrorCode = (typeof migratorErrorCodes)[number];

/** The codes of a run that went wrong once its job or container existed (or was being created). */
export type OneOffErrorCode = Extract<
  MigratorErrorCode,
  | 'ONE_OFF_FAILED'
  | 'ONE_OFF_START_FAILED'
  | 'ONE_OFF_LOST'
  | 'ONE_OFF_IMAGE_PULL_FAILED'
  | 'ONE_OFF_NO_SUITABLE_NODE'
  | 'ONE_OFF_TIMEOUT'
  | 'ONE_OFF_ABORTED'
  | 'ONE_OFF_DOCKER_API_FAILED'
>;

/**
 * Base class of every error this package throws. `code` is stable across
 * releases; `hint` tells the user what to do. Messages never contain an env
 * value or registry credentials.
 */
export class MigratorError<
  C extends MigratorErrorCode = MigratorErrorCode,
> extends SwarmliftError<C> {
  static override readonly brand: string = 'swarmlift/migrator/MigratorError';
}

/** What is known about the one-off run when it went wrong. */
export interface OneOffFailureDetails {
  /** The job service's or container's name. */
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
export class OneOffError<C extends OneOffErrorCode = OneOffErrorCode> extends MigratorError<C> {
  static override readonly brand: string = 'swarmlift/migrator/OneOffError';
  readonly details: OneOffFailureDetails;
  /** The command's exit code, when it ran. */
  readonly exitCode: number | undefined;
  readonly lastLines: readonly string[];

  constructor(options: {
    code: C;
    message: string;
    hint: string;
    details: OneOffFailureDetails;
    cause?: unknown;
    category?: ErrorCategory | undefined;
  }) {
    const tail = options.details.lastLines.length
      ? `\nlast log lines:\n${options.details.lastLines.map((line) => `  | ${line}`).join('\n')}`
      : '';
    super({
      code: options.code,
      message: `${options.message}${tail}`,
      hint: options.hint,
      cause: options.cause,
      category: options.category,
    });
    this.details = options.details;
    this.exitCode = options.details.exitCode;
    this.lastLines = options.details.lastLines;
  }
}

/** `migrate` could not take the stack's lock: another run holds it, or the engine failed. */
export class MigrateLockError extends MigratorError<'MIGRATE_LOCK_HELD' | 'MIGRATE_LOCK_FAILED'> {
  static override readonly brand: string = 'swarmlift/migrator/MigrateLockError';
  /** Who holds the lock (MIGRATE_LOCK_HELD). */
  readonly owner: string | undefined;
  /** Until when it is held (MIGRATE_LOCK_HELD). */
  readonly expiresAt: string | undefined;

  constructor(options: {
    code: 'MIGRATE_LOCK_HELD' | 'MIGRATE_LOCK_FAILED';
    message: string;
    hint: string;
    owner?: string | undefined;
    expiresAt?: string | undefined;
    cause?: unknown;
    category?: ErrorCategory | undefined;
  }) {
    super({
      code: options.code,
      message: options.message,
      hint: options.hint,
      cause: options.cause,
      category: options.category ?? (options.code === 'MIGRATE_LOCK_HELD' ? 'lock_held' : 'failed'),
    });
    this.owner = options.owner;
    this.expiresAt = options.expiresAt;
  }
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
): OneOffError<'ONE_OFF_FAILED'> {
  return new OneOffError({
    code: 'ONE_OFF_FAILED',
    message: `${describeCommand(command)} exited with code ${result.exitCode} (${result.name})`,
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
