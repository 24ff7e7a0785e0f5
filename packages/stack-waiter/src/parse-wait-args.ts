import { parseArgs } from 'node:util';

export const USAGE = `Usage: swarmlift-wait STACK [options]

Waits until a Docker Swarm stack deploy converged, failed, rolled back or
timed out, and says which task failed and why. The engine is DOCKER_HOST
(unix:// or ssh://user@host[:port], host key checked against known_hosts),
else /var/run/docker.sock.

Options:
  -t, --timeout SECONDS     give up after this long (default: derived from the
                            services' update and rollback config)
  -r, --rollback-ok         a completed rollback is a success (exit 0)
  -n, --service NAME        wait only for this service (repeatable; "web" or "STACK_web")
      --since TIME          ignore update states that started before TIME (ISO 8601,
                            engine clock): states left by earlier deploys
      --json                print the result as JSON on stdout
  -i, --identity FILE       SSH private key (default: ~/.ssh/config, ssh-agent,
                            or the SSH_PRIVATE_KEY environment variable)
      --known-hosts FILE    known_hosts to check the host key against
                            (default: ~/.ssh/known_hosts; or pin
                            SSH_HOST_KEY_FINGERPRINT in the environment)
  -h, --help                show this help

Exit codes:
  0  converged (or rolled back with --rollback-ok)
  1  failed, rolled back, timed out, or the wait could not run (no such stack,
     engine unreachable, host key not trusted)
  2  usage error
  130 cancelled (SIGINT/SIGTERM)
`;

export interface WaitArgs {
  stack: string;
  timeoutMs: number | undefined;
  rollbackIsSuccess: boolean;
  services: string[];
  since: string | undefined;
  json: boolean;
  identity: string | undefined;
  knownHosts: string | undefined;
}

export type ParsedWaitArgs = { kind: 'help' } | { kind: 'run'; args: WaitArgs };

/** A usage error: the bin prints it with the usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseWaitArgs(argv: readonly string[]): ParsedWaitArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'STACK is missing'
        : `one STACK expected, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  const stack = positionals[0] as string;
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || values.timeout.trim() === '')
      throw new UsageError(`--timeout: "${values.timeout}" is not a positive number of seconds`);
    timeoutMs = Math.round(seconds * 1000);
  }
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since)))
    throw new UsageError(`--since: "${values.since}" is not an ISO 8601 time`);
  return {
    kind: 'run',
    args: {
      stack,
      timeoutMs,
      rollbackIsSuccess: values['rollback-ok'] ?? false,
      services: values.service ?? [],
      since: values.since,
      json: values.json ?? false,
      identity: values.identity,
      knownHosts: values['known-hosts'],
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      timeout: { type: 'string', short: 't' },
      'rollback-ok': { type: 'boolean', short: 'r' },
      service: { type: 'string', short: 'n', multiple: true },
      since: { type: 'string' },
      json: { type: 'boolean' },
      identity: { type: 'string', short: 'i' },
      'known-hosts': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
