import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '@swarmlift/testkit';
import { secretForms, secretsOf } from './secrets.js';

/** The built CLI, run as a CI job would run it. */
export const CLI = join(findRepoRoot(), 'apps', 'swarmlift', 'dist', 'cli.js');

export interface CliResult {
  /** The exit code; null when the process was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for the secret checks and for failure messages. */
  output: string;
  durationMs: number;
  /** The test's own time limit ended the process (SIGKILL): it hung. */
  killedAfterLimit: boolean;
}

export interface CliRun {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once the output so far matches `pattern` (fails after `timeoutMs`, or when the CLI exits first). */
  waitForOutput(
    pattern: RegExp | ((stdout: string, stderr: string) => boolean),
    timeoutMs?: number,
  ): Promise<void>;
  readonly done: Promise<CliResult>;
}

export interface CliOptions {
  cwd: string;
  env: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** The CLI is killed (SIGKILL) after this long and the result says so; default 5 minutes. */
  limitMs?: number | undefined;
}

/** Starts `node dist/cli.js ...args` as a child process with exactly `env` (nothing inherited). */
export function startCli(args: readonly string[], options: CliOptions): CliRun {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is not built: run pnpm --filter swarmlift run build`);
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: options.signal,
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    notify();
  });
  let killedAfterLimit = false;
  const limit = setTimeout(() => {
    killedAfterLimit = true;
    child.kill('SIGKILL');
  }, options.limitMs ?? 300_000);
  let exited = false;
  const done = new Promise<CliResult>((resolve) => {
    child.once('error', () => {
      // An aborted signal or a spawn failure; 'close' still follows.
    });
    child.once('close', (code, signal) => {
      clearTimeout(limit);
      exited = true;
      notify();
      if (process.env.E2E_LOG_DIR)
        saveLog(process.env.E2E_LOG_DIR, args, options.env, code, signal, stdout, stderr);
      resolve({
        code,
        signal,
        stdout,
        stderr,
        output: `${stdout}\n${stderr}`,
        durationMs: Date.now() - started,
        killedAfterLimit,
      });
    });
  });
  return {
    child,
    pid: child.pid ?? -1,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitForOutput(pattern, timeoutMs = 240_000) {
      const matches = () =>
        typeof pattern === 'function'
          ? pattern(stdout, stderr)
          : pattern.test(`${stdout}\n${stderr}`);
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (matches()) finish();
          else if (exited)
            finish(
              new Error(
                `the CLI exited before its output matched ${pattern}:\n${redact(tail(stdout, stderr), options.env)}`,
              ),
            );
        };
        const timer = setTimeout(
          () =>
            finish(
              new Error(
                `no output matching ${pattern} within ${timeoutMs} ms:\n${redact(tail(stdout, stderr), options.env)}`,
              ),
            ),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

let logCount = 0;
/** With E2E_LOG_DIR set (when debugging a test), each run's output, redacted, goes to a file there. */
function saveLog(
  dir: string,
  args: readonly string[],
  env: Record<string, string>,
  code: number | null,
  signal: NodeJS.Signals | null,
  stdout: string,
  stderr: string,
): void {
  logCount++;
  const name = `${String(logCount).padStart(2, '0')}-${args.join('_').replace(/[^\w.-]+/g, '')}.log`;
  const text = `swarmlift ${args.join(' ')}\nexit ${code} ${signal ?? ''}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}\n`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), redact(text, env));
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return startCli(args, options).done;
}

/** The `--json` lines of stdout that parse as objects. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (const line of stdout.split('\n')) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value))
        objects.push(value as Record<string, unknown>);
    } catch {
      // not a JSON line
    }
  }
  return objects;
}

/** The final summary object of a `--json` run: the last line with `command`, `status` and `exitCode`. */
export function summaryOf(stdout: string): Record<string, unknown> | undefined {
  return jsonLines(stdout)
    .filter((line) => 'command' in line && 'status' in line && 'exitCode' in line)
    .at(-1);
}

/** The last lines of the output, for failure messages. */
export function tail(stdout: string, stderr: string, lines = 60): string {
  return `--- stdout ---\n${stdout.split('\n').slice(-lines).join('\n')}\n--- stderr ---\n${stderr
    .split('\n')
    .slice(-lines)
    .join('\n')}`;
}

/**
 * A label for `expect(…, label)`: the exit code and the output's tail, with
 * every form of every secret of `env` replaced, so a leak the secret check
 * catches is not printed again by the failure message.
 */
export function describeRun(result: CliResult, env: Record<string, string | undefined>): string {
  const text = `exit ${result.code}${result.signal ? ` (${result.signal})` : ''}${
    result.killedAfterLimit ? ' — killed after the time limit: it hung' : ''
  } after ${result.durationMs} ms\n${tail(result.stdout, result.stderr)}`;
  return redact(text, env);
}

/** `text` with every form of every secret of `env` replaced by `[secret]`. */
export function redact(text: string, env: Record<string, string | undefined>): string {
  const forms = secretsOf(env).flatMap(secretForms);
  forms.sort((a, b) => b.length - a.length);
  let result = text;
  for (const form of forms) result = result.split(form).join('[secret]');
  return result;
}
