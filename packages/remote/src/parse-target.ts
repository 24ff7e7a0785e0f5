import { homedir } from 'node:os';
import { join } from 'node:path';
import { RemoteError } from './errors.js';

/** A Docker engine reached through SSH (the guide's `DOCKER_HOST=ssh://user@host`). */
export interface SshTarget {
  kind: 'ssh';
  host: string;
  /** Undefined: 22, or what `~/.ssh/config` says when `useSshConfig` is on. */
  port: number | undefined;
  /** Undefined: the local user name, or what `~/.ssh/config` says. */
  user: string | undefined;
}

/** A Docker engine on a unix socket of this machine. */
export interface UnixTarget {
  kind: 'unix';
  socketPath: string;
}

/** Paths of the PEM files for a TLS-protected TCP engine (as `docker --tlsverify`). */
export interface TlsFiles {
  ca: string;
  cert: string;
  key: string;
}

/** A Docker engine on a TCP port, plain or with TLS. */
export interface TcpTarget {
  kind: 'tcp';
  host: string;
  port: number;
  tls: TlsFiles | undefined;
}

export type Target = SshTarget | UnixTarget | TcpTarget;

/** The guide's GitHub secrets that name the manager; `process.env` can be passed as is. */
export interface GuideTargetPieces {
  SWARM_MANAGER_IP?: string | undefined;
  SSH_USER?: string | undefined;
  SSH_PORT?: string | number | undefined;
}

export interface ParseTargetOptions {
  /** Read for `local` (`DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`). Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** TLS for a `tcp://` target: a folder with ca.pem, cert.pem and key.pem, or each path. */
  tls?: { certPath?: string } | TlsFiles;
}

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/;

/**
 * Reads where the Docker engine is: `ssh://user@host[:port]`, `unix:///path`,
 * `tcp://host:port`, `local`, or the guide's `SWARM_MANAGER_IP` / `SSH_USER` /
 * `SSH_PORT`. Throws REMOTE_TARGET_INVALID, naming the problem, for anything else.
 */
export function parseTarget(
  input: string | GuideTargetPieces,
  options: ParseTargetOptions = {},
): Target {
  if (typeof input !== 'string') return fromGuidePieces(input);
  const text = input.trim();
  if (text === '')
    invalid('an empty string', 'Give ssh://user@host, unix:///path, tcp://host:port or local.');
  if (text === 'local') return localTarget(options.env ?? process.env);

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'ssh':
      return parseSshUrl(text);
    case 'unix':
      return parseUnixUrl(text);
    case 'tcp':
      return parseTcpUrl(text, options.tls);
    case 'http':
    case 'https':
      return invalid(describe(text), `Write it as ${text.replace(/^https?/i, 'tcp')}.`);
    case 'npipe':
      return invalid(
        describe(text),
        'Windows named pipes are not supported; use ssh:// or tcp://.',
      );
    case undefined:
      if (/^[^@/\s]+@[^@/\s]+$/.test(text)) {
        return invalid(describe(text), `Did you mean ssh://${text}?`);
      }
      return invalid(
        describe(text),
        'Give ssh://user@host, unix:///path, tcp://host:port or local.',
      );
    default:
      return invalid(
        describe(text),
        `The scheme ${scheme}:// is not supported; use ssh://, unix:// or tcp://.`,
      );
  }
}

function fromGuidePieces(pieces: GuideTargetPieces): SshTarget {
  const host = pieces.SWARM_MANAGER_IP?.trim();
  if (!host) {
    invalid(
      'the guide settings',
      'Set SWARM_MANAGER_IP to the address of a Swarm manager.',
      'SWARM_MANAGER_IP is empty',
    );
  }
  const user = pieces.SSH_USER?.trim() || undefined;
  if (user !== undefined && !USER.test(user)) {
    invalid(
      'the guide settings',
      'SSH_USER must be a plain user name such as deploy.',
      'SSH_USER is not a valid user name',
    );
  }
  const rawPort = pieces.SSH_PORT === undefined ? '' : String(pieces.SSH_PORT).trim();
  const port = rawPort === '' ? undefined : parsePort(rawPort, 'SSH_PORT');
  return { kind: 'ssh', host: checkHost(stripBrackets(host), 'SWARM_MANAGER_IP'), port, user };
}

function localTarget(env: Record<string, string | undefined>): Target {
  const dockerHost = env.DOCKER_HOST?.trim();
  if (!dockerHost) return { kind: 'unix', socketPath: DEFAULT_DOCKER_SOCKET };
  const tlsVerify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '';
  const tls = tlsVerify
    ? { certPath: env.DOCKER_CERT_PATH || join(homedir(), '.docker') }
    : undefined;
  try {
    return parseTarget(dockerHost, tls ? { tls } : {});
  } catch (error) {
    if (RemoteError.isInstance(error)) {
      throw new RemoteError({
        code: 'REMOTE_TARGET_INVALID',
        message: `DOCKER_HOST is not usable for "local": ${error.message}`,
        hint: `${error.hint} Or unset DOCKER_HOST to use ${DEFAULT_DOCKER_SOCKET}.`,
      });
    }
    throw error;
  }
}

function parseSshUrl(text: string): SshTarget {
  const url = parseUrl(text);
  if (url.password) {
    invalid(
      describe(text),
      'Passwords in the URL are not supported; use a private key or ssh-agent.',
    );
  }
  if (url.pathname && url.pathname !== '/') {
    invalid(describe(text), 'An ssh:// target has no path; write ssh://user@host:port.');
  }
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  if (user !== undefined && !USER.test(user)) {
    invalid(describe(text), 'The user must be a plain user name such as deploy.');
  }
  const port = url.port ? parsePort(url.port, 'port') : undefined;
  return { kind: 'ssh', host: checkHost(stripBrackets(url.hostname), 'host'), port, user };
}

function parseUnixUrl(text: string): UnixTarget {
  const socketPath = text.slice('unix://'.length);
  if (!socketPath.startsWith('/')) {
    invalid(describe(text), 'Give an absolute socket path: unix:///var/run/docker.sock.');
  }
  return { kind: 'unix', socketPath };
}

function parseTcpUrl(text: string, tls: ParseTargetOptions['tls']): TcpTarget {
  const url = parseUrl(text);
  if (url.username || url.password) {
    invalid(
      describe(text),
      'A tcp:// target carries no user; protect it with TLS client certificates.',
    );
  }
  const tlsFiles = tls === undefined ? undefined : resolveTls(tls);
  const port = url.port ? parsePort(url.port, 'port') : tlsFiles ? 2376 : 2375;
  return { kind: 'tcp', host: checkHost(stripBrackets(url.hostname), 'host'), port, tls: tlsFiles };
}

function resolveTls(tls: NonNullable<ParseTargetOptions['tls']>): TlsFiles {
  if ('ca' in tls) return { ca: tls.ca, cert: tls.cert, key: tls.key };
  const dir = tls.certPath ?? join(homedir(), '.docker');
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    return invalid(describe(text), 'Check the host and port: e.g. ssh://deploy@203.0.113.10:22.');
  }
}

function parsePort(raw: string, field: string): number {
  const port = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    invalid(`${field} "${raw}"`, `${field} must be a number from 1 to 65535.`);
  }
  return port;
}

function checkHost(host: string, field: string): string {
  if (host.includes(':')) {
    // IPv6: WHATWG URL has already validated bracketed forms; accept plain ones (SWARM_MANAGER_IP=::1).
    if (/^[0-9A-Fa-f:.]+$/.test(host)) return host;
  } else if (HOSTNAME.test(host)) {
    return host;
  }
  return invalid(`${field} "${host}"`, `${field} must be a host name or an IP address.`);
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Shows a target without any password it might carry. */
function describe(text: string): string {
  return `"${text.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@')}"`;
}

function invalid(
  what: string,
  hint: string,
  reason = `${what} is not a Docker engine address`,
): never {
  throw new RemoteError({
    code: 'REMOTE_TARGET_INVALID',
    message: `Invalid target: ${reason}.`,
    hint,
  });
}
