import { CancelledError } from '@swarmlift/core';
import { StackWaiterError, streamServiceLogs } from '@swarmlift/stack-waiter';
import { CliError } from '../errors.js';
import { formatLogLine, logLinePrefix, logLineRecord } from '../logs/format-log-line.js';
import { parseLogsOptions } from '../logs/logs-options.js';
import type { RunSummary } from '../output/reporter.js';
import type { CommandBody } from './run-command.js';

/**
 * `swarmlift logs [SERVICE] [-f] [--since D] [-n N] [--task]`: the service's
 * logs through the manager's engine over the one SSH session, each line
 * prefixed with its task slot and node (and task id with `--task`), every
 * secret the settings hold redacted, on stdout (JSON objects with `--json`).
 * `-f` follows until Ctrl-C, which ends the run with exit 130 and the stream
 * closed.
 */
export const logsCommand: CommandBody = async (context, line) => {
  const { settings, signal } = context;
  const options = parseLogsOptions({
    positionals: line.positionals,
    options: line.options,
    appService: settings.appService,
    now: Date.now(),
  });
  const remote = await context.manager();
  const { reporter } = context;
  // A reader that stops early (`swarmlift logs | head`) closes stdout: stop reading, quietly.
  const closed = new AbortController();
  const onOutputError = () => closed.abort();
  process.stdout.on('error', onOutputError);
  const stop = signal ? AbortSignal.any([signal, closed.signal]) : closed.signal;
  const prefix = `${settings.stack}_`;
  const composeName = (full: string) =>
    full.startsWith(prefix) ? full.slice(prefix.length) : full;
  // Prefixes only ever widen, so columns stay aligned without holding lines back.
  let width = 0;
  const summary = (
    status: RunSummary['status'],
    exitCode: number,
    lines: number,
    service: string,
  ) => ({
    command: 'logs',
    status,
    exitCode,
    durationMs: 0,
    stack: settings.stack,
    steps: [],
    services: [{ name: service, action: `${lines} line${lines === 1 ? '' : 's'}` }],
  });
  let shown = 0;
  let service = options.service;
  try {
    const result = await streamServiceLogs({
      remote,
      stack: settings.stack,
      service: options.service,
      follow: options.follow,
      since: options.since,
      tail: options.tail,
      signal: stop,
      onLine: (logLine) => {
        shown++;
        const name = composeName(logLine.service);
        service = logLine.service;
        if (line.json) {
          reporter.outputJson(logLineRecord(logLine, name));
          return;
        }
        const where = logLinePrefix(logLine, name, options.task);
        width = Math.max(width, where.length);
        reporter.output(`${formatLogLine(where, width, logLine.text)}\n`);
      },
    });
    return summary('ok', 0, result.lines, result.service);
  } catch (error) {
    // Ctrl-C is how a follow ends: a clean summary, not an error with a trace.
    if (signal?.aborted && CancelledError.isInstance(error))
      return summary('cancelled', 130, shown, service);
    if (closed.signal.aborted && CancelledError.isInstance(error))
      return summary('ok', 0, shown, service);
    if (StackWaiterError.hasCode(error, 'WAIT_SERVICE_NOT_FOUND'))
      throw new CliError({
        code: 'CLI_SERVICE_NOT_FOUND',
        category: 'invalid',
        message: error.message,
        hint: `${error.hint} Without SERVICE, logs shows APP_SERVICE (${settings.appService}).`,
        cause: error,
      });
    if (StackWaiterError.hasCode(error, 'WAIT_STACK_EMPTY'))
      throw new CliError({
        code: 'CLI_STACK_NOT_FOUND',
        message: `Stack ${settings.stack} has no services on this swarm.`,
        hint: 'Check STACK_NAME (`docker stack ls` on the manager) and that SWARM_MANAGER_IP (or DOCKER_HOST) names the manager it was deployed to.',
        cause: error,
      });
    throw error;
  }
};
