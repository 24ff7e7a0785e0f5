import { randomBytes } from 'node:crypto';
import {
  abortReasonError,
  credentialsFor,
  type Deadline,
  engineAuthConfig,
  engineMessage,
  isEngineUnreachable,
  OptionsError,
  TimedOutError,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import { checkRunOneOffOptions } from './check-options.js';
import { describeCommand } from './describe-command.js';
import { MigratorError, OneOffError, type OneOffErrorCode } from './errors.js';
import { LogCollector } from './log-collector.js';
import { oneOffLabels } from './one-off-labels.js';
import type { RunOneOffOptions, RunOneOffResult } from './one-off-types.js';
import { type ResolvedEnv, resolveEnv, secretValues } from './resolve-env.js';
import { stackNetworkName } from './stack-networks.js';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** What every run needs, whatever the mode: checked options, env, one stop signal, the logs. */
export class RunContext {
  readonly started = performance.now();
  readonly name: string;
  readonly networks: string[];
  readonly labels: Record<string, string>;
  readonly logs: LogCollector;
  readonly timeoutMs: number;
  /** The engine's auth config for the image's registry (X-Registry-Auth), when credentials for it were given. */
  readonly registryAuth: Record<string, string> | undefined;
  private readonly deadline: Deadline;
  taskId: string | undefined;
  node: string | undefined;

  private constructor(
    readonly options: RunOneOffOptions,
    readonly env: ResolvedEnv,
  ) {
    const label = options.name ?? 'one-off';
    const suffix = randomBytes(3).toString('hex');
    this.name = options.stack ? `${options.stack}_${label}-${suffix}` : `${label}-${suffix}`;
    this.networks = [
      ...(options.stack
        ? (options.networks ?? ['default']).map((n) => stackNetworkName(options.stack as string, n))
        : []),
      ...(options.externalNetworks ?? []),
    ];
    this.labels = oneOffLabels({ stack: options.stack, name: label, labels: options.labels });
    this.logs = new LogCollector(options.onLog, secretValues(env, options.secrets));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.registryAuth = engineAuthConfig(credentialsFor(options.credentials, options.image));
    this.deadline = withDeadline({
      signal: options.signal,
      timeoutMs: this.timeoutMs,
      what: `${describeCommand(options.command)} (${this.name})`,
    });
  }

  /** Checks the options and reads the env; nothing on the engine is touched yet. */
  static async create(options: RunOneOffOptions): Promise<RunContext> {
    checkRunOneOffOptions(options);
    throwIfAborted(options.signal);
    const env = await resolveEnv({
      env: options.env,
      envFile: options.envFile,
      signal: options.signal,
    });
    throwIfAborted(options.signal);
    return new RunContext(options, env);
  }

  /** Aborts when the caller's signal does or `timeoutMs` passes. */
  get signal(): AbortSignal {
    return this.deadline.signal as AbortSignal;
  }

  get elapsedMs(): number {
    return Math.round(performance.now() - this.started);
  }

  dispose(): void {
    this.deadline.dispose();
  }

  result(exitCode: number, mode: 'job' | 'container'): RunOneOffResult {
    return {
      exitCode,
      logs: this.logs.all.join('\n'),
      stdout: this.logs.stream('stdout'),
      stderr: this.logs.stream('stderr'),
      durationMs: this.elapsedMs,
      taskId: this.taskId ?? '',
      node: this.node ?? '',
      name: this.name,
      mode,
    };
  }

  failure<C extends OneOffErrorCode>(
    code: C,
    message: string,
    hint: string,
    more: {
      exitCode?: number | undefined;
      cause?: unknown;
      category?: 'failed' | 'unreachable' | 'timed_out' | 'cancelled';
    } = {},
  ): OneOffError<C> {
    return new OneOffError({
      code,
      message: this.logs.hide(message),
      hint,
      cause: more.cause,
      category: more.category,
      details: {
        name: this.name,
        taskId: this.taskId,
        node: this.node,
        exitCode: more.exitCode,
        lastLines: this.logs.tail(this.options.tailLines ?? 30),
        logs: this.logs.all.join('\n'),
        durationMs: this.elapsedMs,
      },
    });
  }

  /** A non-zero exit: thrown as ONE_OFF_FAILED unless the caller asked for it back. */
  finish(exitCode: number, mode: 'job' | 'container'): RunOneOffResult {
    if (exitCode !== 0 && this.options.reject !== false)
      throw this.failure(
        'ONE_OFF_FAILED',
        `${describeCommand(this.options.command)} exited with code ${exitCode} (${this.name})`,
        'The command itself failed: read its last log lines above (a traceback names the failing migration or setting).',
        { exitCode },
      );
    return this.result(exitCode, mode);
  }

  /**
   * Turns whatever stopped the run into this package's error: the stop
   * signal into ONE_OFF_TIMEOUT or ONE_OFF_ABORTED (core's TimedOutError or
   * CancelledError as the cause), an engine error into
   * ONE_OFF_DOCKER_API_FAILED; this package's and core's option errors pass.
   */
  translate(error: unknown): unknown {
    if (MigratorError.isInstance(error) || OptionsError.isInstance(error)) return error;
    if (this.signal.aborted) {
      const reason = abortReasonError(this.signal);
      if (TimedOutError.isInstance(reason))
        return this.failure(
          'ONE_OFF_TIMEOUT',
          `${reason.message}; it was stopped and removed`,
          'Raise `timeoutMs` if the command is legitimately slow (a big data migration), or read the last log lines for where it hangs (e.g. waiting for a database).',
          { cause: reason, category: 'timed_out' },
        );
      return this.failure(
        'ONE_OFF_ABORTED',
        `${describeCommand(this.options.command)} was cancelled (${this.name}); it was stopped and removed`,
        'The caller aborted the run through its AbortSignal.',
        { cause: reason, category: 'cancelled' },
      );
    }
    const unreachable = isEngineUnreachable(error);
    return this.failure(
      'ONE_OFF_DOCKER_API_FAILED',
      unreachable
        ? `The Docker engine could not be reached for ${this.name}: ${this.logs.hide(engineMessage(error))}`
        : `The Docker engine refused or failed a request for ${this.name}: ${this.logs.hide(engineMessage(error))}`,
      unreachable
        ? 'Check the connection to the manager (SSH session, socket) and run again; the job, if it was created, has been removed where the engine could still be reached.'
        : "Read the engine's message above; if the SSH session was lost, run again (the job, if it was created, has been removed).",
      { cause: error, category: unreachable ? 'unreachable' : 'failed' },
    );
  }
}
