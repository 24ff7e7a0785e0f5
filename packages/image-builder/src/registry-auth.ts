import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { ImageBuilderError } from './errors.js';

/**
 * Credentials for one registry. `password` and `identityToken` are
 * non-enumerable: logging or JSON-serialising this object never shows them.
 */
export interface RegistryCredentials {
  /** Registry host with optional port, as in image references (`docker.io` for Docker Hub). */
  readonly registry: string;
  readonly username?: string;
  readonly password?: string;
  /** An OAuth refresh token some helpers return instead of a password (username `<token>`). */
  readonly identityToken?: string;
  readonly source: 'explicit' | 'docker-config' | 'credential-helper' | 'anonymous';
}

export interface RegistryAuthOptions {
  /** Registry host, e.g. `ghcr.io` or `127.0.0.1:5000`. */
  registry: string;
  username?: string;
  password?: string;
  /** Docker config folder or config.json file; default `$DOCKER_CONFIG`, else `~/.docker`. */
  dockerConfig?: string;
  env?: Record<string, string | undefined>;
}

interface DockerConfigFile {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string }
  >;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/**
 * Finds credentials for `registry`: explicit username/password, else the
 * Docker config's `credHelpers`/`credsStore` (through `docker-credential-*`,
 * the host passed on stdin), else its `auths` entry, else anonymous.
 */
export async function registryAuth(options: RegistryAuthOptions): Promise<RegistryCredentials> {
  const registry = normalizeRegistry(options.registry);
  if (options.username !== undefined || options.password !== undefined) {
    if (!options.username || !options.password) {
      throw new ImageBuilderError({
        code: 'CREDENTIALS_UNAVAILABLE',
        message: `Credentials for ${registry} need both a username and a password (one of them is empty)`,
        hint: 'Pass both, e.g. username: github.actor and password: GITHUB_TOKEN, or neither to use the Docker config.',
      });
    }
    return credentials({
      registry,
      source: 'explicit',
      username: options.username,
      password: options.password,
    });
  }
  const env = options.env ?? process.env;
  const file = await configPath(
    options.dockerConfig ?? env.DOCKER_CONFIG ?? join(homedir(), '.docker'),
  );
  const config = await readConfig(file);
  if (!config) return credentials({ registry, source: 'anonymous' });
  const key = registry === 'docker.io' ? DOCKER_HUB_KEY : registry;
  const helper = config.credHelpers?.[registry] ?? config.credsStore;
  if (helper) {
    const fromHelper = await runHelper(helper, key, registry);
    if (fromHelper) return fromHelper;
  }
  const entry =
    config.auths?.[key] ??
    Object.entries(config.auths ?? {}).find(([name]) => normalizeRegistry(name) === registry)?.[1];
  if (!entry) return credentials({ registry, source: 'anonymous' });
  if (entry.identitytoken)
    return credentials({ registry, source: 'docker-config', identityToken: entry.identitytoken });
  let { username, password } = entry;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) {
      throw new ImageBuilderError({
        code: 'CREDENTIALS_UNAVAILABLE',
        message: `The auths entry for ${registry} in ${file} is not base64 of "user:password"`,
        hint: `Run \`docker login ${registry}\` again, or pass username and password explicitly.`,
      });
    }
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (!username || !password) return credentials({ registry, source: 'anonymous' });
  return credentials({ registry, source: 'docker-config', username, password });
}

/** `https://ghcr.io/v2/` → `ghcr.io`; Docker Hub's aliases → `docker.io`. */
export function normalizeRegistry(value: string): string {
  const host =
    value
      .trim()
      .replace(/^[a-z]+:\/\//i, '')
      .split('/')[0] ?? '';
  const lower = host.toLowerCase();
  if (
    ['index.docker.io', 'registry-1.docker.io', 'docker.io', 'registry.hub.docker.com'].includes(
      lower,
    )
  )
    return 'docker.io';
  return lower;
}

/** The engine's X-Registry-Auth object (dockerode's `authconfig`). */
export function toEngineAuth(auth: RegistryCredentials): Record<string, string> {
  const serveraddress = auth.registry === 'docker.io' ? DOCKER_HUB_KEY : auth.registry;
  if (auth.identityToken) return { identitytoken: auth.identityToken, serveraddress };
  if (auth.username && auth.password)
    return { username: auth.username, password: auth.password, serveraddress };
  return { serveraddress };
}

function credentials(value: {
  registry: string;
  source: RegistryCredentials['source'];
  username?: string;
  password?: string;
  identityToken?: string;
}): RegistryCredentials {
  const result: { registry: string; source: RegistryCredentials['source']; username?: string } = {
    registry: value.registry,
    source: value.source,
  };
  if (value.username !== undefined) result.username = value.username;
  if (value.password !== undefined)
    Object.defineProperty(result, 'password', { value: value.password, enumerable: false });
  if (value.identityToken !== undefined) {
    Object.defineProperty(result, 'identityToken', {
      value: value.identityToken,
      enumerable: false,
    });
  }
  return result as RegistryCredentials;
}

async function configPath(location: string): Promise<string> {
  const info = await stat(location).catch(() => undefined);
  return info?.isDirectory() ? join(location, 'config.json') : location;
}

async function readConfig(file: string): Promise<DockerConfigFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ImageBuilderError({
      code: 'CREDENTIALS_UNAVAILABLE',
      message: `Cannot read the Docker config ${file}: ${(error as Error).message}`,
      hint: 'Fix its permissions, or pass username and password explicitly.',
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as DockerConfigFile;
  } catch {
    throw new ImageBuilderError({
      code: 'CREDENTIALS_UNAVAILABLE',
      message: `The Docker config ${file} is not valid JSON`,
      hint: 'Fix or remove the file, or pass username and password explicitly.',
    });
  }
}

async function runHelper(
  helper: string,
  serverUrl: string,
  registry: string,
): Promise<RegistryCredentials | undefined> {
  const program = `docker-credential-${helper}`;
  // The server URL goes on stdin (the helper protocol); secrets only ever come back on stdout.
  const result = await execa(program, ['get'], {
    input: serverUrl,
    reject: false,
    timeout: 30_000,
  });
  if (result.exitCode !== 0) {
    if (/credentials not found/i.test(`${result.stdout}`)) return undefined;
    const reason =
      (result as { code?: string }).code === 'ENOENT'
        ? 'it is not installed (not on PATH)'
        : `it exited with ${result.exitCode ?? result.signal}`;
    throw new ImageBuilderError({
      code: 'CREDENTIALS_UNAVAILABLE',
      message: `The Docker credential helper ${program} failed for ${registry}: ${reason}`,
      hint: `Install ${program}, run \`docker login ${registry}\`, or pass username and password explicitly.`,
    });
  }
  let parsed: { Username?: string; Secret?: string };
  try {
    parsed = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
  } catch {
    throw new ImageBuilderError({
      code: 'CREDENTIALS_UNAVAILABLE',
      message: `The Docker credential helper ${program} answered with something other than JSON for ${registry}`,
      hint: `Check ${program}, or pass username and password explicitly.`,
    });
  }
  if (!parsed.Secret) return undefined;
  if (parsed.Username === '<token>')
    return credentials({ registry, source: 'credential-helper', identityToken: parsed.Secret });
  return credentials({
    registry,
    source: 'credential-helper',
    username: parsed.Username ?? '',
    password: parsed.Secret,
  });
}
