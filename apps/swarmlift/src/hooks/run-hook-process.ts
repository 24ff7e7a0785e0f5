import { type ChildProcess, spawn } from 'node:child_process';
import type { HookCommand } from '../settings/hooks-config.js';

export interface HookProcessResult {
  /** The exit code, or null when it was killed or never started. */
  exitCode: number | null;
  /** The signal that ended it, if one did. */
  signal: NodeJS.Signals | null;
  /** It ran past its time limit and was killed. */
  timedOut: boolean;
  /** The caller's signal aborted it and it was killed. */
  cancelled: boolean;
  /** It could not be started (`ENOENT` for a program not found): the reason, no value. */
  spawnError: string | undefined;
  durationMs: number;
}

export interface RunHookProcessOptions {
  command: HookCommand;
  cwd: string;
  /** The hook's whole environment (nothing else is inherited). */
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Each line it prints, on stdout or stderr, as it comes. */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Between SIGTERM and SIGKILL; default 5 s. */
  killGraceMs?: number | undefined;
}

const MAX_LINE = 4_000;
/** Process groups of hooks still running: killed if swarmlift itself exits (a second Ctrl-C). */
const running = new Set<number>();
let exitHandlerInstalled = false;

/**
 * Runs a hook in its own process group, stdin closed, with exactly `env`.
 * On timeout or abort the whole group (a shell and what it started) gets
 * SIGTERM, then SIGKILL after `killGraceMs`; if swarmlift exits first, the
 * group is killed on the way out. Never rejects.
 */
export function runHookProcess(options: RunHookProcessOptions): Promise<HookProcessResult> {
  const started = performance.now();
  const { command } = options;
  const [file, args] =
    'shell' in command
      ? ['/bin/sh', ['-c', command.shell]]
      : [command.argv[0] as string, command.argv.slice(1)];
  installExitHandler();
  return new Promise((resolve) => {
    let timedOut = false;
    let cancelled = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let finished = false;
    let killTimer: NodeJS.Timeout | undefined;
    let child: ChildProcess;
    const finish = (spawnError?: string) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (child?.pid !== undefined) running.delete(child.pid);
      resolve({
        exitCode,
        signal: exitSignal,
        timedOut,
        cancelled,
        spawnError,
        durationMs: performance.now() - started,
      });
    };
    const kill = () => {
      const pid = child?.pid;
      if (pid === undefined) return;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), options.killGraceMs ?? 5_000);
      killTimer.unref();
    };
    const onAbort = () => {
      cancelled = true;
      kill();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    timer.unref();
    try {
      child = spawn(file, args, {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
    } catch (error) {
      finish(describeSpawnError(error, file));
      return;
    }
    if (child.pid !== undefined) running.add(child.pid);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => finish(describeSpawnError(error, file)));
    for (const stream of ['stdout', 'stderr'] as const) {
      let pending = '';
      const source = child[stream];
      source?.setEncoding('utf8');
      source?.on('data', (chunk: string) => {
        pending += chunk;
        let newline = pending.indexOf('\n');
        while (newline !== -1) {
          options.onLine(clip(pending.slice(0, newline).replace(/\r$/, '')), stream);
          pending = pending.slice(newline + 1);
          newline = pending.indexOf('\n');
        }
        if (pending.length > MAX_LINE) {
          options.onLine(clip(pending), stream);
          pending = '';
        }
      });
      source?.on('end', () => {
        if (pending !== '') options.onLine(clip(pending), stream);
        pending = '';
      });
    }
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      // Something it started in the background may hold the pipes open: do not wait on it.
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, 1_000).unref();
    });
    child.on('close', () => finish());
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const pid of running) killGroup(pid, 'SIGKILL');
  });
}

function clip(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)} …` : line;
}

function describeSpawnError(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return `${file} was not found (in the repository root or on PATH)`;
  if (code === 'EACCES') return `${file} is not executable`;
  return `${file} could not be started (${code ?? (error as Error)?.message ?? 'unknown error'})`;
}
