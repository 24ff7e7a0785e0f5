import { isStackName, parseBinArgs, UsageError } from '@swarmlift/core';
import { type ConnectFlagValues, connectFlags, connectFlagsHelp } from '@swarmlift/remote';
import type { ResolveImageMode } from '../plan.js';

export type StackCommand =
  | {
      command: 'deploy' | 'plan';
      stack: string;
      files: string[];
      prune: boolean;
      withRegistryAuth: boolean;
      resolveImage: ResolveImageMode;
      dryRun: boolean;
      connect: ConnectFlagValues;
    }
  | { command: 'rm'; stack: string; connect: ConnectFlagValues }
  | { command: 'help' }
  | { command: 'version' };

export const USAGE_LINE =
  'swarmlift-stack deploy|plan -c FILE [-c FILE]... [options] STACK, or swarmlift-stack rm STACK (--help for more)';

export const USAGE = `Usage:
  swarmlift-stack deploy -c FILE [-c FILE]... [--prune] [--with-registry-auth]
                         [--resolve-image always|changed|never] [--dry-run] STACK
  swarmlift-stack plan   -c FILE [-c FILE]... [--prune] [--resolve-image ...] STACK
  swarmlift-stack rm     STACK

Deploys a compose file to Docker Swarm like \`docker stack deploy\`, through the
Engine API, after printing the plan. It does not wait for the services to converge.

Options:
  -c, --compose-file FILE   compose file (repeat to merge, in order)
      --prune               remove services, networks, secrets and configs the file no longer has
      --with-registry-auth  send registry credentials (~/.docker/config.json) to the swarm
      --resolve-image MODE  pin image digests: always (default), changed, never
      --dry-run             plan only (same as the plan command)
  -h, --help                this text
      --version             the version

${connectFlagsHelp}

Exit codes: 0 applied, 1 failed, 2 invalid file or usage, 3 cannot reach or trust the engine,
5 timed out, 130 cancelled.
`;

const RESOLVE_MODES = new Set(['always', 'changed', 'never']);

/** Reads argv (without node and the script) like the Docker CLI's stack commands; a bad one is a UsageError. */
export function parseStackArgs(argv: readonly string[]): StackCommand {
  const { values, positionals } = parseBinArgs(
    argv,
    {
      ...connectFlags,
      'compose-file': { type: 'string', short: 'c', multiple: true },
      prune: { type: 'boolean' },
      'with-registry-auth': { type: 'boolean' },
      'resolve-image': { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      // Accepted for drop-in use; this bin never waits.
      detach: { type: 'boolean', short: 'd' },
      quiet: { type: 'boolean', short: 'q' },
    },
    { allowPositionals: true, usage: USAGE_LINE },
  );
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (!command) throw usage('No command given.');
  if (command !== 'deploy' && command !== 'plan' && command !== 'rm' && command !== 'remove') {
    throw usage(`Unknown command "${command}".`);
  }
  if (rest.length !== 1) {
    throw usage(
      rest.length === 0
        ? `${command} needs the stack name.`
        : `${command} takes one stack name, got: ${rest.join(' ')}`,
    );
  }
  const stack = rest[0] as string;
  if (!isStackName(stack)) {
    throw usage(
      `Invalid stack name "${stack}": use up to 63 letters, digits, "_", "." and "-", starting with a letter or digit.`,
    );
  }
  const connect: ConnectFlagValues = {};
  for (const flag of Object.keys(connectFlags) as (keyof typeof connectFlags)[]) {
    const value = values[flag];
    if (typeof value === 'string') connect[flag] = value;
  }
  if (command === 'rm' || command === 'remove') return { command: 'rm', stack, connect };
  const files = values['compose-file'] ?? [];
  if (files.length === 0)
    throw usage(`${command} needs at least one compose file: -c docker-compose.yml`);
  const resolveImage = values['resolve-image'] ?? 'always';
  if (!RESOLVE_MODES.has(resolveImage)) {
    throw usage(`--resolve-image must be always, changed or never, not "${resolveImage}".`);
  }
  return {
    command: command === 'deploy' && !values['dry-run'] ? 'deploy' : 'plan',
    stack,
    files,
    prune: values.prune ?? false,
    withRegistryAuth: values['with-registry-auth'] ?? false,
    resolveImage: resolveImage as ResolveImageMode,
    dryRun: values['dry-run'] ?? false,
    connect,
  };
}

function usage(message: string): UsageError {
  return new UsageError(message, { usage: USAGE_LINE });
}
