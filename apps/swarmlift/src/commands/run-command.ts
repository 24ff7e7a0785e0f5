import { setMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import { type BinIo, exitCodeOf } from '@swarmlift/core';
import type { CommandLine } from '../args/parse-command-line.js';
import { createReporter } from '../output/index.js';
import type { Reporter, RunSummary } from '../output/reporter.js';
import { connections } from '../pipeline/connections.js';
import type { RunContext } from '../pipeline/run-context.js';
import { settingHint } from '../pipeline/setting-hint.js';
import { errorOf, statusOf } from '../pipeline/status-of.js';
import { loadSettings } from '../settings/load-settings.js';

type CommandName = NonNullable<CommandLine['command']>;
/** A command's whole behaviour: it returns the summary; an error it throws becomes a failed summary. */
export type CommandBody = (context: RunContext, line: CommandLine) => Promise<RunSummary>;

const bodies: Record<CommandName, () => Promise<CommandBody>> = {
  deploy: async () => (await import('./deploy-command.js')).deployCommand,
  plan: async () => (await import('./plan-command.js')).planCommand,
  build: async () => (await import('./build-command.js')).buildCommand,
  static: async () => (await import('./static-command.js')).staticCommand,
  env: async () => (await import('./env-command.js')).envCommand,
  wait: async () => (await import('./wait-command.js')).waitCommand,
  migrate: async () => (await import('./migrate-command.js')).migrateCommand,
  manage: async () => (await import('./manage-command.js')).manageCommand,
  unlock: async () => (await import('./unlock-command.js')).unlockCommand,
  history: async () => (await import('./history-command.js')).historyCommand,
  rollback: async () => (await import('./rollback-command.js')).rollbackCommand,
  status: async () => (await import('./status-command.js')).statusCommand,
  logs: async () => (await import('./logs-command.js')).logsCommand,
  lock: async () => (await import('./lock-command.js')).lockCommand,
  init: async () => (await import('./init-command.js')).initCommand,
  doctor: async () => (await import('./doctor-command.js')).doctorCommand,
};

/**
 * Loads the settings (every problem at once, exit 2), sets up the output
 * (masks first under GitHub Actions) and the connections, runs the command
 * and prints its summary. Connections are closed whatever happens.
 */
export async function runCommand(io: BinIo, line: CommandLine): Promise<number> {
  const command = line.command as CommandName;
  // Each engine call of a run listens to the run's signals (the run's, the
  // lock's, each call's deadline): dozens at once is normal, not a leak.
  setMaxListeners(200);
  const started = Date.now();
  const outputIo = { stdout: io.stdout, stderr: io.stderr, env: io.env };
  const color = !line.noColor;
  let settings: Awaited<ReturnType<typeof loadSettings>>;
  try {
    settings = await loadSettings({
      command,
      flags: line.flags,
      env: io.env,
      cwd: resolve(line.cwd ?? process.cwd()),
      configPath: line.configPath,
      signal: io.signal,
    });
  } catch (error) {
    // A settings error names settings, never values: nothing to mask yet.
    const reporter = createReporter({ io: outputIo, json: line.json, secrets: [], color });
    return fail(reporter, command, started, error);
  }

  const reporter = createReporter({
    io: outputIo,
    json: line.json,
    secrets: settings.secrets,
    color,
  });
  const opened = connections(settings, io.signal, { onWarning: (line) => reporter.warn(line) });
  const context: RunContext = {
    settings,
    reporter,
    signal: io.signal,
    env: io.env,
    manager: opened.manager,
    staticHosts: () => opened.staticHosts(),
    runnerEngine: () => opened.runnerEngine(),
    close: opened.close,
  };
  try {
    const body = await bodies[command]();
    const summary = await body(context, line);
    await reporter.finish({
      ...summary,
      manager: summary.manager ?? opened.usedManager(),
      durationMs: Date.now() - started,
    });
    return summary.exitCode;
  } catch (error) {
    return fail(reporter, command, started, error, opened.usedManager());
  } finally {
    await opened.close();
  }
}

async function fail(
  reporter: Reporter,
  command: string,
  started: number,
  error: unknown,
  manager?: string | undefined,
): Promise<number> {
  reporter.error(error);
  const hint = settingHint(error);
  if (hint) reporter.info(hint);
  const exitCode = exitCodeOf(error);
  await reporter.finish({
    command,
    status: statusOf(error),
    exitCode,
    durationMs: Date.now() - started,
    manager,
    error: errorOf(error),
  });
  return exitCode;
}
