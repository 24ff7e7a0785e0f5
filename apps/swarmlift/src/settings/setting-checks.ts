// One pure check per kind of setting value: the value's text in, the parsed
// value or a problem out. Problems describe what is wrong, never the value.
import { isStackName, normalizeRegistry } from '@swarmlift/core';
import { parseDuration } from './parse-duration.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (problem: string): Checked<never> => ({ ok: false, problem });

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV6 = /^\[?[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?\]?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function checkRegistry(text: string): Checked<string> {
  const host = normalizeRegistry(text);
  const [name, port, ...more] = host.startsWith('[')
    ? [host.slice(0, host.indexOf(']') + 1), host.slice(host.indexOf(']') + 2) || undefined]
    : host.split(':');
  if (
    more.length > 0 ||
    !name ||
    !(HOSTNAME.test(name) || IPV6.test(name)) ||
    (port !== undefined && !isPort(port)) ||
    /\/./.test(text.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, ''))
  ) {
    return bad('is not a registry host (e.g. ghcr.io or 127.0.0.1:5000)');
  }
  return ok(host);
}

/** The guide's IMAGE_NAME is github.repository, which may have capitals: lowercased, as registries need. */
export function checkImageName(text: string): Checked<string> {
  const name = text.trim().toLowerCase();
  if (name.length > 255 || !name.split('/').every((part) => PATH_COMPONENT.test(part))) {
    return bad(
      'is not an image name: lowercase letters, digits and . _ - in parts separated by /, e.g. owner/repo',
    );
  }
  return ok(name);
}

export function checkStack(text: string): Checked<string> {
  const name = text.trim();
  return isStackName(name)
    ? ok(name)
    : bad('is not a stack name: letters, digits, _ and -, starting with a letter or digit');
}

export function checkSha(text: string): Checked<string> {
  const sha = text.trim().toLowerCase();
  return /^[0-9a-f]{7,64}$/.test(sha)
    ? ok(sha.slice(0, 7))
    : bad('is not a commit SHA (7 to 64 hexadecimal digits)');
}

export function checkVersion(text: string): Checked<string> {
  const version = text.trim();
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(version)
    ? ok(version)
    : bad('is not an image tag: up to 128 letters, digits, _ . -, not starting with . or -');
}

/** One or more hosts, separated by commas or spaces. */
export function checkHosts(text: string): Checked<string[]> {
  const hosts = text
    .split(/[\s,]+/)
    .map((host) => host.trim())
    .filter(Boolean);
  if (hosts.length === 0) return bad('names no host');
  const wrong = hosts.findIndex((host) => !(HOSTNAME.test(host) || IPV6.test(host)));
  if (wrong !== -1) {
    return bad(
      hosts.length === 1
        ? 'is not a host name or IP address'
        : `entry ${wrong + 1} is not a host name or IP address`,
    );
  }
  return ok(hosts);
}

/** One host of a `host[:port]` list (`[v6]:port` for IPv6); `port` undefined = the default. */
export interface HostPort {
  host: string;
  port: number | undefined;
}

/** `host[:port]` entries separated by commas or spaces (IPv6 in brackets when it has a port). */
export function checkHostPorts(text: string): Checked<HostPort[]> {
  const entries = text
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return bad('names no host');
  const parsed: HostPort[] = [];
  for (const [index, entry] of entries.entries()) {
    const one = parseHostPort(entry);
    if (!one) {
      const which = entries.length === 1 ? '' : `entry ${index + 1} `;
      return bad(`${which}is not host[:port] (a host name or IP address, port 1 to 65535)`);
    }
    parsed.push(one);
  }
  const seen = new Set<string>();
  for (const one of parsed) {
    const key = `${one.host.toLowerCase()}:${one.port ?? ''}`;
    if (seen.has(key)) return bad(`names ${one.host} twice`);
    seen.add(key);
  }
  return ok(parsed);
}

function parseHostPort(entry: string): HostPort | undefined {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) {
    const port = bracketed[2];
    if (port !== undefined && !isPort(port)) return undefined;
    return { host: bracketed[1] as string, port: port === undefined ? undefined : Number(port) };
  }
  // A bare IPv6 address (two colons or more) has no port.
  if ((entry.match(/:/g) ?? []).length >= 2) {
    return IPV6.test(entry) ? { host: entry, port: undefined } : undefined;
  }
  const [host = '', port] = entry.split(':');
  if (!HOSTNAME.test(host)) return undefined;
  if (port !== undefined && !isPort(port)) return undefined;
  return { host, port: port === undefined ? undefined : Number(port) };
}

export function checkUser(text: string): Checked<string> {
  const user = text.trim();
  return /^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/.test(user)
    ? ok(user)
    : bad('is not a user name (letters, digits, . _ -)');
}

function isPort(text: string): boolean {
  return /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

export function checkPort(text: string): Checked<number> {
  const port = text.trim();
  return isPort(port) ? ok(Number(port)) : bad('is not a port number (1 to 65535)');
}

export function checkPrivateKey(text: string): Checked<string> {
  // The guide's secret holds the key text; a `\n`-escaped one-line form is accepted too.
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)
    ? ok(text)
    : bad('does not hold a private key (no "-----BEGIN … PRIVATE KEY-----" line)');
}

export function checkNonEmpty(text: string): Checked<string> {
  return text.trim() === '' ? bad('is empty') : ok(text.trim());
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Variable names separated by commas, spaces or newlines. */
export function checkEnvKeys(text: string): Checked<string[]> {
  const keys = [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((key) => key.trim())
        .filter(Boolean),
    ),
  ];
  const wrong = keys.findIndex((key) => !ENV_NAME.test(key));
  if (wrong !== -1) {
    return bad(`entry ${wrong + 1} is not a variable name (letters, digits and _)`);
  }
  return ok(keys);
}

/** Paths separated by `:`, `,` or newlines (COMPOSE_FILE, as docker compose reads it). */
export function checkPathList(text: string): Checked<string[]> {
  const paths = text
    .split(/[:,\n]+/)
    .map((path) => path.trim())
    .filter(Boolean);
  return paths.length === 0 ? bad('names no file') : ok(paths);
}

export function checkServiceName(text: string): Checked<string> {
  const name = text.trim();
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)
    ? ok(name)
    : bad('is not a compose service name (letters, digits, _ . -)');
}

/** `KEY=VALUE` lines; empty lines and `#` comments are skipped. */
export function checkBuildArgs(text: string): Checked<Record<string, string>> {
  const args: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const equals = line.indexOf('=');
    const key = equals === -1 ? line.trim() : line.slice(0, equals).trim();
    if (equals === -1 || !ENV_NAME.test(key)) {
      return bad(`line ${index + 1} is not KEY=VALUE`);
    }
    args[key] = line.slice(equals + 1);
  }
  return ok(args);
}

/** An absolute POSIX path on the manager, with no `..`. */
export function checkRemotePath(text: string): Checked<string> {
  const path = text.trim().replace(/\/+$/, '');
  if (!path.startsWith('/') || path.split('/').includes('..') || /[\0\n]/.test(path)) {
    return bad('is not an absolute path on the manager (e.g. /usr/src/app), or contains ..');
  }
  return ok(path);
}

export function checkEnum<T extends string>(values: readonly T[]) {
  return (text: string): Checked<T> => {
    const value = text.trim().toLowerCase();
    return (values as readonly string[]).includes(value)
      ? ok(value as T)
      : bad(`must be one of ${values.join(', ')}`);
  };
}

export function checkTimeout(text: string): Checked<number> {
  const ms = parseDuration(text);
  return ms !== undefined && ms > 0
    ? ok(ms)
    : bad('is not a duration: seconds (300) or with a unit (5m, 90s)');
}

export function checkLockWait(text: string): Checked<number> {
  const ms = parseDuration(text);
  return ms !== undefined
    ? ok(ms)
    : bad('is not a duration: 0, seconds (30) or with a unit (5m, 90s)');
}
