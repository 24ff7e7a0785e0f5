import { parseBinArgs, UsageError } from '@swarmlift/core';
import { type ConnectFlagValues, connectFlags, connectFlagsHelp } from '@swarmlift/remote';

export const USAGE_LINE =
  'swarmlift-wait STACK [-t SECONDS] [-r] [-n SERVICE]... [--since TIME] [--json] [connection flags]';

export const HELP = `Usage: ${USAGE_LINE}
       swarmlift-wait --help | --version

Waits until a Docker Swarm stack deploy converged, failed, rolled back or
timed out, and says which task failed and why. Progress goes to stderr, the
summary (or the JSON result) to stdout.

Options:
  -t, --timeout SECONDS     give up after this long (default: derived from the
                            services' update and rollback config)
  -r, --rollback-ok         a completed rollback is a success (exit 0)
  -n, --service NAME        wait only for this service (repeatable; "web" or "STACK_web")
      --since TIME          ignore update states that started before TIME (ISO 8601,
                            engine clock): states left by earlier deploys
      --json                print the result as JSON on stdout
  -h, --help                show this help
      --version             print the version

${connectFlagsHelp}

Exit codes:
  0    converged (or rolled back with --rollback-ok)
  1    failed or rolled back, or the wait could not run (no such stack or service)
  2    usage error or invalid flag or variable
  3    the engine cannot be reached, or its host key is not trusted
  5    timed out
  130  cancelled (SIGINT/SIGTERM); the deploy goes on in the swarm
`;

const OPTIONS = {
  timeout: { type: 'string', short: 't' },
  'rollback-ok': { type: 'boolean', short: 'r' },
  service: { type: 'string', short: 'n', multiple: true },
  since: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  ...connectFlags,
} as const;

export interface WaitArgs {
  stack: string;
  timeoutMs: number | undefined;
  rollbackIsSuccess: boolean;
  services: string[];
  since: string | undefined;
  json: boolean;
  /** The connection flags, for remote's `connectOptionsFromEnv`. */
  connect: ConnectFlagValues;
}

export type ParsedWaitArgs =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; args: WaitArgs };

/** The bin's flags; a bad flag or argument is core's `UsageError` (exit 2). */
export function parseWaitArgs(argv: readonly string[]): ParsedWaitArgs {
  const { values, positionals } = parseBinArgs(argv, OPTIONS, {
    allowPositionals: true,
    usage: USAGE_LINE,
  });
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (positionals.length !== 1)
    throw usage(
      positionals.length === 0
        ? 'STACK is missing'
        : `one STACK expected, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  const stack = positionals[0] as string;
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || values.timeout.trim() === '')
      throw usage(`--timeout: "${values.timeout}" is not a positive number of seconds`);
    timeoutMs = Math.round(seconds * 1000);
  }
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since)))
    throw usage(`--since: "${values.since}" is not an ISO 8601 time`);
  return {
    kind: 'run',
    args: {
      stack,
      timeoutMs,
      rollbackIsSuccess: values['rollback-ok'] ?? false,
      services: values.service ?? [],
      since: values.since,
      json: values.json ?? false,
      connect: {
        host: values.host,
        'identity-file': values['identity-file'],
        'host-key-fingerprint': values['host-key-fingerprint'],
        'known-hosts': values['known-hosts'],
      },
    },
  };
}

function usage(message: string): UsageError {
  return new UsageError(message, { usage: USAGE_LINE });
}
