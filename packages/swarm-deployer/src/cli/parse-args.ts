import { parseArgs } from 'node:util';
import { SwarmDeployerError } from '../errors.js';
import type { ResolveImageMode } from '../plan.js';

export type CliCommand =
  | {
      command: 'deploy' | 'plan';
      stack: string;
      files: string[];
      prune: boolean;
      withRegistryAuth: boolean;
      resolveImage: ResolveImageMode;
      dryRun: boolean;
      ssh: SshFlags;
    }
  | { command: 'rm'; stack: string; ssh: SshFlags }
  | { command: 'help' }
  | { command: 'version' };

export interface SshFlags {
  hostKey?: string;
  identityFile?: string;
  knownHosts?: string;
}

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
      --ssh-host-key KEY    SHA256 fingerprint or known_hosts line of the manager (or SSH_HOST_KEY)
      --known-hosts FILE    known_hosts file (default: ~/.ssh/config's UserKnownHostsFile, ~/.ssh/known_hosts)
  -i, --identity-file FILE  SSH private key (default: SSH_PRIVATE_KEY, ssh-agent, ~/.ssh/config, ~/.ssh/id_*)
  -h, --help                this text

Target: DOCKER_HOST (ssh://user@host[:port], unix:///path); default unix:///var/run/docker.sock.
Exit codes: 0 applied, 1 failed, 2 invalid file or usage, 3 cannot reach or trust the engine.
`;

const RESOLVE_MODES = new Set(['always', 'changed', 'never']);

/** Reads argv (without node and the script) like the Docker CLI's stack commands. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw usage((error as Error).message);
  }
  const { values, positionals } = parsed;
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
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(stack)) {
    throw usage(
      `Invalid stack name "${stack}": use letters, digits, "_", "." and "-", starting with a letter or digit.`,
    );
  }
  const ssh: SshFlags = {};
  if (values['ssh-host-key']) ssh.hostKey = values['ssh-host-key'];
  if (values['identity-file']) ssh.identityFile = values['identity-file'];
  if (values['known-hosts']) ssh.knownHosts = values['known-hosts'];
  if (command === 'rm' || command === 'remove') return { command: 'rm', stack, ssh };
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
    ssh,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'compose-file': { type: 'string', short: 'c', multiple: true },
      prune: { type: 'boolean' },
      'with-registry-auth': { type: 'boolean' },
      'resolve-image': { type: 'string' },
      'dry-run': { type: 'boolean' },
      'ssh-host-key': { type: 'string' },
      'known-hosts': { type: 'string' },
      'identity-file': { type: 'string', short: 'i' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      // Accepted for drop-in use; this bin never waits.
      detach: { type: 'boolean', short: 'd' },
      quiet: { type: 'boolean', short: 'q' },
    },
  });
}

function usage(message: string): SwarmDeployerError {
  return new SwarmDeployerError({
    code: 'USAGE_INVALID',
    message,
    hint: 'Run `swarmlift-stack --help` for the usage.',
  });
}
