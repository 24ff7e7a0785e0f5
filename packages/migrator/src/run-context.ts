import { randomBytes } from 'node:crypto';
import { MigratorError, type MigratorErrorCode, OneOffError, optionsInvalid } from './errors.js';
import { LogCollector } from './log-collector.js';
import type { RunOneOffOptions, RunOneOffResult } from './one-off-types.js';
import { type ResolvedEnv, resolveEnv, secretValues } from './resolve-env.js';
import { STACK_LABEL, stackNetworkName } from './stack-networks.js';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const ONE_OFF_LABEL = 'io.swarmlift.one-off';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const TIMED_OUT = Symbol('timed out');

/** What every run needs, whatever the mode: checked options, env, a stop signal, the logs. */
export class RunContext {
  readonly started = performance.now();
  readonly controller = new AbortController();
  readonly name: string;
  readonly networks: string[];
  readonly labels: Record<string, string>;
  readonly logs: LogCollector;
  readonly timeoutMs: number;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort: () => void;
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
    this.labels = {
      ...options.labels,
      [ONE_OFF_LABEL]: label,
      ...(options.stack ? { [STACK_LABEL]: options.stack } : {}),
    };
    this.logs = new LogCollector(options.onLog, secretValues(env, options.secrets));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.timer = setTimeout(() => this.controller.abort(TIMED_OUT), this.timeoutMs);
    this.onAbort = () => this.controller.abort(options.signal?.reason ?? new Error('aborted'));
    if (options.signal?.aborted) this.onAbort();
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  static async create(options: RunOneOffOptions): Promise<RunContext> {
    validate(options);
    const env = await resolveEnv({ env: options.env, envFile: options.envFile });
    return new RunContext(options, env);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get elapsedMs(): number {
    return Math.round(performance.now() - this.started);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
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

  failure(
    code: MigratorErrorCode,
    message: string,
    hint: string,
    exitCode?: number,
    cause?: unknown,
  ): OneOffError {
    return new OneOffError({
      code,
      message: this.logs.hide(message),
      hint,
      cause,
      details: {
        name: this.name,
        taskId: this.taskId,
        node: this.node,
        exitCode,
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
        `${this.options.command.join(' ')} exited with code ${exitCode} (${this.name})`,
        'The command itself failed: read its last log lines above (a traceback names the failing migration or setting).',
        exitCode,
      );
    return this.result(exitCode, mode);
  }

  /** Turns the stop signal, when it fired, into ONE_OFF_TIMEOUT or ONE_OFF_ABORTED; other errors pass. */
  translate(error: unknown): unknown {
    if (MigratorError.isInstance(error)) return error;
    if (!this.signal.aborted)
      return this.failure(
        'DOCKER_API_FAILED',
        `The Docker engine refused or failed a request for ${this.name}: ${apiMessage(error)}`,
        "Read the engine's message above; if the SSH session was lost, run again (the job, if it was created, has been removed).",
        undefined,
        error,
      );
    if (this.signal.reason === TIMED_OUT)
      return this.failure(
        'ONE_OFF_TIMEOUT',
        `${this.options.command.join(' ')} did not finish within ${this.timeoutMs} ms (${this.name}); it was stopped and removed`,
        'Raise `timeoutMs` if the command is legitimately slow (a big data migration), or read the last log lines for where it hangs (e.g. waiting for a database).',
      );
    return this.failure(
      'ONE_OFF_ABORTED',
      `${this.options.command.join(' ')} was cancelled (${this.name}); it was stopped and removed`,
      'The caller aborted the run through its AbortSignal.',
      undefined,
      this.signal.reason,
    );
  }
}

/** The engine's own message when dockerode has one (without its "(HTTP code …)" prefix). */
function apiMessage(error: unknown): string {
  const json = (error as { json?: { message?: string } }).json;
  return json?.message ?? (error instanceof Error ? error.message : String(error));
}

function validate(options: RunOneOffOptions): void {
  if (!options.remote?.docker)
    throw optionsInvalid(
      'remote',
      'has no docker client',
      'Pass the Remote returned by `connect()` from @swarmlift/remote.',
    );
  if (typeof options.image !== 'string' || options.image.trim() === '')
    throw optionsInvalid(
      'image',
      'is empty',
      'Pass the image reference to run, e.g. registry.example.com/app/django-app:abc1234.',
    );
  if (
    !Array.isArray(options.command) ||
    options.command.length === 0 ||
    options.command.some((a) => typeof a !== 'string')
  )
    throw optionsInvalid(
      'command',
      'must be a non-empty array of strings',
      "Pass argv, e.g. ['python', 'manage.py', 'migrate', '--noinput'], not a shell string.",
    );
  if (options.stack !== undefined && !NAME.test(options.stack))
    throw optionsInvalid(
      'stack',
      `"${options.stack}" is not a valid stack name`,
      'Use letters, digits, "_", "." and "-", starting with a letter or digit.',
    );
  if (options.name !== undefined && (!NAME.test(options.name) || options.name.length > 30))
    throw optionsInvalid(
      'name',
      `"${options.name}" is not a valid name`,
      'Use up to 30 letters, digits, "_", "." and "-".',
    );
  for (const network of options.networks ?? [])
    if (!NAME.test(network))
      throw optionsInvalid(
        'networks',
        `has an invalid network name "${network}"`,
        "Use the compose file's network names, e.g. ['default', 'backend'].",
      );
  if (options.networks?.length && !options.stack)
    throw optionsInvalid(
      'networks',
      'needs `stack`',
      'Stack networks are named `<stack>_<name>`: pass `stack`, or use `externalNetworks` for full names.',
    );
  if (
    options.timeoutMs !== undefined &&
    !(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)
  )
    throw optionsInvalid(
      'timeoutMs',
      'must be a positive number of milliseconds',
      'e.g. 600000 for ten minutes.',
    );
  if (options.mode !== undefined && options.mode !== 'job' && options.mode !== 'container')
    throw optionsInvalid(
      'mode',
      `is "${String(options.mode)}"`,
      "Use 'job' (a Swarm job, the default) or 'container'.",
    );
  if (options.networkMode !== undefined && options.mode !== 'container')
    throw optionsInvalid(
      'networkMode',
      "applies to mode 'container' only",
      'A job joins the stack networks; drop `networkMode` or set `mode: "container"`.',
    );
}
