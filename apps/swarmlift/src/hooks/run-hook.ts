import { CancelledError } from '@swarmlift/core';
import { CliError } from '../errors.js';
import type { RunContext } from '../pipeline/run-context.js';
import type { HookName } from '../settings/hooks-config.js';
import { type HookStatus, hookEnv } from './hook-env.js';
import { type HookVerdict, judgeHook } from './hook-verdict.js';
import { runHookProcess } from './run-hook-process.js';

export interface RunHookOptions {
  /** The command the hook runs for (SWARMLIFT_COMMAND): `deploy` or `rollback`. */
  command: string;
  /** SWARMLIFT_STATUS. */
  status: HookStatus;
  /** SWARMLIFT_ERROR_CODE (on-failure). */
  errorCode?: string | undefined;
  /**
   * Stops the hook (SIGTERM to its process group, then SIGKILL). Default the
   * run's signal; on-failure after a Ctrl-C passes none (the run's is already
   * aborted) and is killed when swarmlift exits.
   */
  signal?: AbortSignal | undefined;
}

/**
 * Runs the config file's `name` hook, if there is one: on the runner, in the
 * repository root, with the hook environment (hook-env.ts), its output shown
 * line by line (redacted like everything the reporter prints). Returns its
 * verdict, or undefined when no such hook is configured. Never throws.
 */
export async function runHook(
  context: Pick<RunContext, 'settings' | 'reporter' | 'env' | 'signal'>,
  name: HookName,
  options: RunHookOptions,
): Promise<HookVerdict | undefined> {
  const { settings, reporter } = context;
  const command = settings.hooks.commands[name];
  if (command === undefined) return undefined;
  const { env, missing } = hookEnv({
    env: context.env,
    passThrough: settings.hooks.env,
    variables: {
      hook: name,
      command: options.command,
      version: settings.version,
      stack: settings.stack,
      status: options.status,
      performer: settings.performer,
      errorCode: options.errorCode,
    },
  });
  const shown = 'shell' in command ? command.shell : command.argv.join(' ');
  reporter.info(`→ ${name} hook: ${shown}`);
  if (missing.length > 0) {
    reporter.warn(
      `hooks.env names ${missing.join(', ')}, not set here: the ${name} hook runs without it`,
    );
  }
  const result = await runHookProcess({
    command,
    cwd: settings.cwd,
    env,
    timeoutMs: settings.hooks.timeoutMs,
    signal: 'signal' in options ? options.signal : context.signal,
    onLine: (line) => reporter.info(`  ${name} │ ${line}`),
  });
  const verdict = judgeHook(name, result, settings.hooks.timeoutMs);
  if (verdict.ok) reporter.info(`✓ ${verdict.summary}`);
  return verdict;
}

/**
 * Runs pre-deploy: a hook that fails or times out stops the command before
 * it takes the lock (CLI_HOOK_FAILED / CLI_HOOK_TIMED_OUT, exit 1, nothing
 * changed); Ctrl-C during it is a CancelledError (exit 130).
 */
export async function runPreDeployHook(
  context: Pick<RunContext, 'settings' | 'reporter' | 'env' | 'signal'>,
  command: string,
): Promise<void> {
  const verdict = await runHook(context, 'pre-deploy', { command, status: 'pending' });
  if (verdict === undefined || verdict.ok) return;
  if (verdict.outcome === 'cancelled') {
    throw new CancelledError({
      message: `Cancelled during the pre-deploy hook: nothing was deployed.`,
    });
  }
  const label = context.settings.hooks.labels['pre-deploy'] ?? 'hooks.pre-deploy';
  throw new CliError({
    code: verdict.outcome === 'timed_out' ? 'CLI_HOOK_TIMED_OUT' : 'CLI_HOOK_FAILED',
    message: `The ${verdict.summary}, so nothing was deployed (the ${command} stopped before taking the lock).`,
    hint: `Read the hook's output above and fix what it checks, or the hook itself (${label}).${verdict.outcome === 'timed_out' ? ' Raise hooks.timeout if it needs longer.' : ''}`,
  });
}

/**
 * Runs post-deploy or on-failure: whatever the hook does (fails, times out,
 * prints), the command's result stays as it is; a failure is a warning.
 */
export async function runAfterHook(
  context: Pick<RunContext, 'settings' | 'reporter' | 'env' | 'signal'>,
  name: 'post-deploy' | 'on-failure',
  options: RunHookOptions,
): Promise<void> {
  try {
    const verdict = await runHook(context, name, options);
    if (verdict && !verdict.ok) {
      context.reporter.warn(
        `${verdict.summary}; ${name === 'post-deploy' ? 'the deploy stays deployed' : "the deploy's result above stands"}`,
      );
    }
  } catch (error) {
    context.reporter.warn(
      `the ${name} hook could not run: ${(error as Error)?.message ?? String(error)}`,
    );
  }
}
