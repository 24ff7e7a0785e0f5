import { isEngineUnreachable, isPassThroughError, throwIfAborted } from '@swarmlift/core';
import { acquireStackLock, LockHeldError, type StackLock } from '@swarmlift/remote';
import { checkRunOneOffOptions, optionsInvalid } from './check-options.js';
import { exitedNonZero, MigrateLockError } from './errors.js';
import type { RunOneOffOptions, RunOneOffResult } from './one-off-types.js';
import { parseMigrateOutput } from './parse-migrate-output.js';
import { runOneOff } from './run-one-off.js';

export interface MigrateOptions extends Omit<RunOneOffOptions, 'command' | 'reject'> {
  /** Preview only: `migrate --check --plan`; pending migrations are returned, nothing is applied. */
  check?: boolean | undefined;
  /** Preview only: `migrate --plan`. */
  plan?: boolean | undefined;
  /** How to call manage.py in the image; default `['python', 'manage.py']`. */
  manage?: readonly string[] | undefined;
  /** More arguments for migrate, e.g. `['--database', 'replica']` or an app label. */
  args?: readonly string[] | undefined;
  /**
   * The stack's lock (see @swarmlift/remote's `acquireStackLock`):
   * - default: taken for the run when `stack` is set and migrations are
   *   applied (not for `check`/`plan`), and released afterwards;
   * - a `StackLock` the caller holds (e.g. the deploy's): used as it is, not
   *   released; losing it stops the run;
   * - `true`: taken also for a preview; `{ owner, ttlMs }`: taken with these;
   * - `false`: no lock.
   */
  lock?:
    | StackLock
    | boolean
    | { owner?: string | undefined; ttlMs?: number | undefined }
    | undefined;
}

export interface MigrateResult extends RunOneOffResult {
  /** Migrations applied by this run, `app_label.name`, in order (empty for check/plan). */
  applied: string[];
  /** Migrations not applied yet (check/plan only; empty after a real run). */
  pending: string[];
}

/** A held lock: something with a `release` and a `signal`, as `acquireStackLock` returns. */
function isStackLock(value: unknown): value is StackLock {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StackLock).release === 'function' &&
    typeof (value as StackLock).name === 'string'
  );
}

/**
 * Runs `python manage.py migrate --noinput` with the image as a one-off (a
 * Swarm job by default) and reports which migrations it applied. `check`
 * and `plan` preview the pending migrations without applying them.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  if (options.check && options.plan)
    throw optionsInvalid(
      'check',
      'and `plan` cannot both be set',
      'Use `check` (pending migrations, nothing applied) or `plan` (the operations they would run).',
    );
  const manage = options.manage ?? ['python', 'manage.py'];
  if (!Array.isArray(manage) || !manage.length || manage.some((a) => typeof a !== 'string'))
    throw optionsInvalid(
      'manage',
      'must be a non-empty array of strings',
      "Pass how manage.py is called, e.g. ['python', 'manage.py'].",
    );
  const { check, plan, manage: _manage, args: _args, lock: lockOption, ...rest } = options;
  const given = isStackLock(lockOption) ? lockOption : undefined;
  if (given) {
    if (options.stack === undefined || given.stack !== options.stack)
      throw optionsInvalid(
        'lock',
        `is the lock of stack ${given.stack}, not of ${options.stack ?? '(no stack)'}`,
        'Pass the lock of the stack the migration runs for, or set `stack`.',
      );
    if (given.state !== 'held')
      throw optionsInvalid(
        'lock',
        `is ${given.state}, not held`,
        'Pass a lock that is still held (take it again with acquireStackLock).',
      );
  }
  if (
    lockOption !== undefined &&
    typeof lockOption !== 'boolean' &&
    (typeof lockOption !== 'object' || lockOption === null)
  )
    throw optionsInvalid(
      'lock',
      'must be a StackLock, a boolean or { owner, ttlMs }',
      'Pass the lock you hold (acquireStackLock from @swarmlift/remote), false for none, or leave it out.',
    );
  const preview = check ? ['--check', '--plan'] : plan ? ['--plan'] : [];
  const command = [...manage, 'migrate', '--noinput', ...preview, ...(options.args ?? [])];
  // Every option is checked before the lock is taken.
  checkRunOneOffOptions({ name: 'migrate', ...rest, command });
  throwIfAborted(options.signal);

  // Previews read only: they take the lock when asked to, applying runs by default.
  const wantsLock =
    !given &&
    options.stack !== undefined &&
    (lockOption === undefined ? !(check || plan) : lockOption !== false);
  const settings: { owner?: string | undefined; ttlMs?: number | undefined } =
    typeof lockOption === 'object' && !given ? lockOption : {};
  const taken = wantsLock
    ? await takeLock({
        ...options,
        stack: options.stack as string,
        owner: settings.owner,
        ttlMs: settings.ttlMs,
      })
    : undefined;
  const lock = given ?? taken;
  // Losing the lock while the job runs stops it (the job is removed).
  const signal = lock
    ? options.signal
      ? AbortSignal.any([options.signal, lock.signal])
      : lock.signal
    : options.signal;
  try {
    // --check exits 1 when migrations are pending: that is an answer, not a failure.
    const result = await runOneOff({
      name: 'migrate',
      ...rest,
      signal,
      command,
      reject: !check,
    });
    const parsed = parseMigrateOutput(result.stdout);
    if (check && result.exitCode !== 0 && !(result.exitCode === 1 && parsed.hasPlan)) {
      // Not the "pending migrations" answer: a real failure, reported as one.
      throw exitedNonZero(
        result,
        command,
        'migrate --check failed before it could list the pending migrations: read its last log lines above.',
        options.tailLines,
      );
    }
    return {
      ...result,
      applied: check || plan ? [] : parsed.applied,
      pending: check || plan ? parsed.planned : [],
    };
  } finally {
    if (taken) await releaseLock(taken, options);
  }
}

async function takeLock(
  options: MigrateOptions & {
    stack: string;
    owner: string | undefined;
    ttlMs: number | undefined;
  },
): Promise<StackLock> {
  try {
    return await acquireStackLock({
      remote: options.remote,
      stack: options.stack,
      owner: options.owner,
      ttlMs: options.ttlMs,
      onEvent: options.onEvent,
      signal: options.signal,
    });
  } catch (error) {
    if (isPassThroughError(error)) throw error;
    if (LockHeldError.isInstance(error))
      throw new MigrateLockError({
        code: 'MIGRATE_LOCK_HELD',
        message: `Cannot migrate stack ${options.stack}: ${error.message}`,
        hint: error.hint,
        owner: error.owner,
        expiresAt: error.expiresAt,
        cause: error,
      });
    const unreachable = isEngineUnreachable(error);
    throw new MigrateLockError({
      code: 'MIGRATE_LOCK_FAILED',
      message: `Cannot take the lock of stack ${options.stack}: ${error instanceof Error ? error.message : String(error)}`,
      hint: unreachable
        ? 'Check the connection to the manager and run again.'
        : "Read the engine's message above and run again; pass `lock: false` only if nothing else can deploy or migrate this stack meanwhile.",
      cause: error,
      category: unreachable ? 'unreachable' : 'failed',
    });
  }
}

/** Gives the lock back; a failure is a warning (the lock expires by itself), not a failed migration. */
async function releaseLock(lock: StackLock, options: MigrateOptions): Promise<void> {
  try {
    await lock.release();
  } catch (error) {
    options.onEvent?.({
      type: 'warning',
      code: 'MIGRATE_LOCK_RELEASE_FAILED',
      message: `The lock ${lock.name} could not be released (${error instanceof Error ? error.message : String(error)}); it expires at ${lock.expiresAt} unless taken over earlier`,
      stack: options.stack,
    });
  }
}
