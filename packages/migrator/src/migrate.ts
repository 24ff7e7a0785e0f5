import { exitedNonZero, optionsInvalid } from './errors.js';
import type { RunOneOffOptions, RunOneOffResult } from './one-off-types.js';
import { parseMigrateOutput } from './parse-migrate-output.js';
import { runOneOff } from './run-one-off.js';
import { acquireStackLock } from './stack-lock.js';

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
   * Hold the stack's `migrate` lock while running (default: when `stack` is
   * set and migrations are applied, not for check/plan). `ttlMs` defaults to
   * the run's timeout plus one minute.
   */
  lock?: boolean | { ttlMs?: number; owner?: string } | undefined;
}

export interface MigrateResult extends RunOneOffResult {
  /** Migrations applied by this run, `app_label.name`, in order (empty for check/plan). */
  applied: string[];
  /** Migrations not applied yet (check/plan only; empty after a real run). */
  pending: string[];
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
  if (!manage.length)
    throw optionsInvalid(
      'manage',
      'is empty',
      "Pass how manage.py is called, e.g. ['python', 'manage.py'].",
    );
  const preview = options.check ? ['--check', '--plan'] : options.plan ? ['--plan'] : [];
  const command = [...manage, 'migrate', '--noinput', ...preview, ...(options.args ?? [])];
  const { check, plan, manage: _manage, args: _args, lock: lockOption, ...rest } = options;

  // Previews read only: they take the lock when asked to, applying runs by default.
  const wantsLock =
    options.stack !== undefined &&
    (lockOption === undefined ? !(check || plan) : lockOption !== false);
  const lockSettings = typeof lockOption === 'object' ? lockOption : {};
  const lock = wantsLock
    ? await acquireStackLock({
        remote: options.remote,
        stack: options.stack as string,
        purpose: 'migrate',
        ttlMs: lockSettings.ttlMs ?? (options.timeoutMs ?? 10 * 60_000) + 60_000,
        owner: lockSettings.owner,
        onEvent: options.onEvent,
      })
    : undefined;
  try {
    // --check exits 1 when migrations are pending: that is an answer, not a failure.
    const result = await runOneOff({ name: 'migrate', ...rest, command, reject: !check });
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
    await lock?.release();
  }
}
