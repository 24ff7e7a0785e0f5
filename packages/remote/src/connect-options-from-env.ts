import { OptionsError } from '@swarmlift/core';
import type { ConnectOptions } from './connect.js';
import { RemoteError } from './errors.js';
import type { HostKeyOptions } from './host-key-policy.js';
import { parseFingerprint } from './host-key-policy.js';
import { DEFAULT_DOCKER_SOCKET, parseTarget, type Target } from './parse-target.js';

/**
 * The connection flags every swarmlift bin takes, as a `parseBinArgs` /
 * node `util.parseArgs` options config: spread it into the bin's own.
 */
export const connectFlags = {
  host: { type: 'string', short: 'H' },
  'identity-file': { type: 'string', short: 'i' },
  'host-key-fingerprint': { type: 'string' },
  'known-hosts': { type: 'string' },
} as const;

/** The parsed values of `connectFlags` (what `parseBinArgs` returns in `values`). */
export interface ConnectFlagValues {
  host?: string | undefined;
  'identity-file'?: string | undefined;
  'host-key-fingerprint'?: string | undefined;
  'known-hosts'?: string | undefined;
}

/** The lines a bin's `--help` shows for `connectFlags`. */
export const connectFlagsHelp = `Connection:
  -H, --host URL                  the engine: ssh://user@host[:port], unix:///path or tcp://host:port
                                  (default: DOCKER_HOST, else SWARM_MANAGER_IP + SSH_USER + SSH_PORT,
                                  else unix:///var/run/docker.sock)
  -i, --identity-file FILE        SSH private key (default: SSH_PRIVATE_KEY holds the key text,
                                  else ssh-agent, else ~/.ssh/config's IdentityFile or ~/.ssh/id_*)
      --host-key-fingerprint FP   the only host key accepted, as ssh-keygen -lf prints it
                                  (default: SSH_HOST_KEY_FINGERPRINT); known_hosts is then not read
      --known-hosts FILE          known_hosts to verify the host key with (default: SSH_KNOWN_HOSTS,
                                  known_hosts lines or a file; else ~/.ssh/known_hosts)`;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The `connect()` options a bin reads from its environment and its
 * `connectFlags`, the same in every bin (flags win over variables):
 *
 * - the engine: `-H/--host`, else `DOCKER_HOST`, else the guide's
 *   `SWARM_MANAGER_IP` + `SSH_USER` + `SSH_PORT`, else the local socket
 *   (`DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH` for a `tcp://` engine);
 * - the key: `-i/--identity-file`, else `SSH_PRIVATE_KEY` (the key text),
 *   else ssh-agent (`SSH_AUTH_SOCK`), else what `~/.ssh/config` names or
 *   `~/.ssh/id_*` (`useSshConfig`);
 * - the host key: `--host-key-fingerprint` / `SSH_HOST_KEY_FINGERPRINT` is
 *   then the only key accepted; else `--known-hosts FILE` / `SSH_KNOWN_HOSTS`
 *   (known_hosts lines, or a file's path); else `~/.ssh/config`'s
 *   UserKnownHostsFile or `~/.ssh/known_hosts`, as `ssh` does.
 *
 * Reads nothing but `env` and `flags`. A bad value is core's `OptionsError`
 * whose `field` names the flag or variable.
 */
export function connectOptionsFromEnv(env: Env, flags: ConnectFlagValues = {}): ConnectOptions {
  const target = targetFrom(env, flags);
  // Only what connect() reads from env: the agent socket (no other value, so no secret, is copied).
  const options: ConnectOptions = { target, env: { SSH_AUTH_SOCK: env.SSH_AUTH_SOCK } };
  if (target.kind !== 'ssh') {
    const sshOnly = (['identity-file', 'host-key-fingerprint', 'known-hosts'] as const).find(
      (flag) => flags[flag] !== undefined,
    );
    if (sshOnly !== undefined) {
      throw new OptionsError({
        field: `--${sshOnly}`,
        message: `applies to ssh:// engines only; the engine is ${describeTarget(target)}`,
        hint: 'Give -H ssh://user@host (or DOCKER_HOST), or leave the flag out.',
      });
    }
    return options;
  }
  options.useSshConfig = true;

  const identityFile = nonEmpty(flags['identity-file'], '--identity-file');
  const keyText = env.SSH_PRIVATE_KEY?.trim() ? env.SSH_PRIVATE_KEY : undefined;
  if (identityFile !== undefined) options.privateKeyPath = identityFile;
  else if (keyText !== undefined) options.privateKey = keyText;
  else if (env.SSH_AUTH_SOCK?.trim()) options.agent = true;

  options.hostKey = hostKeyFrom(env, flags);
  return options;
}

function targetFrom(env: Env, flags: ConnectFlagValues): Target {
  const tls = env.DOCKER_TLS_VERIFY ? { certPath: env.DOCKER_CERT_PATH || undefined } : undefined;
  const parse = (text: string, field: string): Target => {
    try {
      if (text.trim() === 'local') throw invalidLocal();
      return parseTarget(text, tls ? { tls: withoutUndefined(tls) } : {});
    } catch (error) {
      throw asOptionsError(error, field);
    }
  };
  if (flags.host !== undefined) return parse(flags.host, '--host');
  if (env.DOCKER_HOST?.trim()) return parse(env.DOCKER_HOST, 'DOCKER_HOST');
  if (env.SWARM_MANAGER_IP?.trim()) {
    try {
      return parseTarget({
        SWARM_MANAGER_IP: env.SWARM_MANAGER_IP,
        SSH_USER: env.SSH_USER,
        SSH_PORT: env.SSH_PORT,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      const field = /SSH_PORT/.test(message)
        ? 'SSH_PORT'
        : /SSH_USER/.test(message)
          ? 'SSH_USER'
          : 'SWARM_MANAGER_IP';
      throw asOptionsError(error, field);
    }
  }
  return { kind: 'unix', socketPath: DEFAULT_DOCKER_SOCKET };
}

function hostKeyFrom(env: Env, flags: ConnectFlagValues): HostKeyOptions {
  const fromFlag = flags['host-key-fingerprint'] !== undefined;
  const fingerprint = fromFlag
    ? flags['host-key-fingerprint']
    : env.SSH_HOST_KEY_FINGERPRINT?.trim()
      ? env.SSH_HOST_KEY_FINGERPRINT
      : undefined;
  if (fingerprint !== undefined) {
    const field = fromFlag ? '--host-key-fingerprint' : 'SSH_HOST_KEY_FINGERPRINT';
    try {
      parseFingerprint(fingerprint);
    } catch (error) {
      throw asOptionsError(error, field);
    }
    // The pin is the only key accepted: no known_hosts file is read.
    return { fingerprint: fingerprint.trim(), knownHostsFile: [] };
  }
  const file = nonEmpty(flags['known-hosts'], '--known-hosts');
  if (file !== undefined) return { knownHostsFile: file };
  const known = env.SSH_KNOWN_HOSTS?.trim();
  if (known) {
    // known_hosts lines have a key type and a key after the host; a path has no spaces.
    return /\s/.test(known) ? { knownHosts: known } : { knownHostsFile: known };
  }
  return {};
}

function nonEmpty(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') {
    throw new OptionsError({
      field,
      message: 'is empty',
      hint: 'Give a value, or leave the flag out.',
    });
  }
  return value;
}

function asOptionsError(error: unknown, field: string): Error {
  if (!RemoteError.isInstance(error)) return error as Error;
  return new OptionsError({ field, message: error.message, hint: error.hint, cause: error });
}

function invalidLocal(): RemoteError {
  return new RemoteError({
    code: 'REMOTE_TARGET_INVALID',
    message: 'Invalid target: "local" is not a Docker engine address.',
    hint: `Give ssh://user@host, unix://${DEFAULT_DOCKER_SOCKET} or tcp://host:port.`,
  });
}

function describeTarget(target: Target): string {
  if (target.kind === 'unix') return `the local socket ${target.socketPath}`;
  if (target.kind === 'tcp') return `tcp://${target.host}:${target.port}`;
  return `ssh://${target.host}`;
}

function withoutUndefined(tls: { certPath: string | undefined }): { certPath?: string } {
  return tls.certPath === undefined ? {} : { certPath: tls.certPath };
}
