import { CliError } from '../errors.js';
import { parseDuration } from '../settings/parse-duration.js';

/** What `swarmlift logs` was asked for. */
export interface LogsOptions {
  /** The service as given (compose name or full name), else APP_SERVICE. */
  service: string;
  follow: boolean;
  /** Only lines at or after this time. */
  since: Date | undefined;
  /** Lines per task; undefined = all. */
  tail: number | undefined;
  /** Prefix lines with the task id too. */
  task: boolean;
}

/** `-n` when not given. */
export const DEFAULT_TAIL = 100;

/**
 * Reads `logs [SERVICE] [-f] [--since D] [-n N] [--task]`: `--since` is a
 * duration back from `now` (`10m`, `1h30m`, `45s`) or an ISO 8601 time; `-n`
 * a whole number or `all`. A bad value is CLI_LOGS_OPTION_INVALID (exit 2).
 * Pure.
 */
export function parseLogsOptions(input: {
  positionals: readonly string[];
  options: Readonly<Record<string, string | boolean>>;
  appService: string;
  now: number;
}): LogsOptions {
  const { options } = input;
  const value = (name: string): string | undefined => {
    const given = options[name];
    return typeof given === 'string' ? given : undefined;
  };
  return {
    service: input.positionals[0]?.trim() || input.appService,
    follow: options.follow === true,
    since: parseSince(value('since'), input.now),
    tail: parseTail(value('tail')),
    task: options.task === true,
  };
}

function parseSince(text: string | undefined, now: number): Date | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms !== undefined) return new Date(now - ms);
  if (/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/.test(text.trim())) {
    const time = Date.parse(text.trim());
    if (!Number.isNaN(time)) return new Date(time);
  }
  throw new CliError({
    code: 'CLI_LOGS_OPTION_INVALID',
    category: 'invalid',
    message: `--since: "${text}" is neither a duration nor a time.`,
    hint: 'Give a duration back from now (10m, 1h30m, 45s) or an ISO 8601 time (2026-11-28T14:00:00Z).',
  });
}

function parseTail(text: string | undefined): number | undefined {
  if (text === undefined) return DEFAULT_TAIL;
  if (text.trim().toLowerCase() === 'all') return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  throw new CliError({
    code: 'CLI_LOGS_OPTION_INVALID',
    category: 'invalid',
    message: `--tail (-n): "${text}" is not a number of lines.`,
    hint: 'Give a whole number (-n 50), 0 for only new lines with -f, or all.',
  });
}
