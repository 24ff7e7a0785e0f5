import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { abortReasonError, throwIfAborted } from './cancel.js';
import { OptionsError, SwarmliftError } from './errors.js';
import { registryOf } from './image-reference.js';

/**
 * Credentials for one registry. `password` and `identityToken` are
 * non-enumerable: logging or JSON-serialising the object never shows them.
 * Make one with `registryCredentials()` or `readRegistryCredentials()`.
 */
export interface RegistryCredentials {
  /** Registry host with optional port, as in image references (`docker.io` for Docker Hub). */
  readonly registry: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** An OAuth refresh token some credential helpers return instead of a password. */
  readonly identityToken?: string | undefined;
  readonly source: 'explicit' | 'docker-config' | 'credential-helper' | 'anonymous';
}

/** What a function that pulls or pushes takes: credentials for one registry, or for several. */
export type CredentialsOption = RegistryCredentials | readonly RegistryCredentials[];

/** The Docker config, a credential helper or explicit credentials could not be used. */
export class RegistryCredentialsError extends SwarmliftError<'REGISTRY_CREDENTIALS_INVALID'> {
  static override readonly brand: string = 'swarmlift/core/RegistryCredentialsError';
  readonly registry: string;

  constructor(options: { registry: string; message: string; hint: string; cause?: unknown }) {
    super({
      code: 'REGISTRY_CREDENTIALS_INVALID',
      message: options.message,
      hint: options.hint,
      cause: options.cause,
      category: 'invalid',
    });
    this.registry = options.registry;
  }
}

const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';
const HUB_HOSTS = [
  'index.docker.io',
  'registry-1.docker.io',
  'docker.io',
  'registry.hub.docker.com',
];

/** `https://ghcr.io/v2/` → `ghcr.io`; Docker Hub's aliases → `docker.io`. */
export function normalizeRegistry(value: string): string {
  const host = (
    value
      .trim()
      .replace(/^[a-z]+:\/\//i, '')
      .split('/')[0] ?? ''
  ).toLowerCase();
  return HUB_HOSTS.includes(host) ? 'docker.io' : host;
}

/** Explicit credentials, checked, with the secrets hidden from logs and JSON. */
export function registryCredentials(options: {
  registry: string;
  username?: string | undefined;
  password?: string | undefined;
  identityToken?: string | undefined;
  source?: RegistryCredentials['source'];
}): RegistryCredentials {
  const registry = normalizeRegistry(options.registry);
  if (registry === '' || /\s/.test(registry))
    throw new OptionsError({
      field: 'registry',
      message: `${JSON.stringify(options.registry)} is not a registry host`,
      hint: 'Use a host with an optional port, e.g. ghcr.io or 127.0.0.1:5000.',
    });
  const hasUser = options.username !== undefined && options.username !== '';
  const hasPassword = options.password !== undefined && options.password !== '';
  if (hasUser !== hasPassword)
    throw new OptionsError({
      field: hasUser ? 'password' : 'username',
      message: `credentials for ${registry} need both a username and a password (one of them is empty)`,
      hint: 'Pass both (e.g. REGISTRY_USERNAME and REGISTRY_PASSWORD), or neither to read the Docker config.',
    });
  const source = options.source ?? (hasUser || options.identityToken ? 'explicit' : 'anonymous');
  const result: { registry: string; source: RegistryCredentials['source']; username?: string } = {
    registry,
    source,
  };
  if (hasUser) result.username = options.username;
  hide(result, 'password', hasPassword ? options.password : undefined);
  hide(result, 'identityToken', options.identityToken || undefined);
  return result as RegistryCredentials;
}

function hide(target: object, key: string, value: string | undefined): void {
  if (value !== undefined) Object.defineProperty(target, key, { value, enumerable: false });
}

export interface ReadRegistryCredentialsOptions {
  /** Registry host, e.g. `ghcr.io` or `127.0.0.1:5000`, or an image whose registry is meant. */
  registry: string;
  /** Explicit credentials win over the Docker config; give both or neither. */
  username?: string | undefined;
  password?: string | undefined;
  /** A Docker config folder or config.json; default `$DOCKER_CONFIG`, else `~/.docker`. */
  dockerConfig?: string | undefined;
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Limit for a `docker-credential-*` helper; default 30 s. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

interface DockerConfigFile {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string }
  >;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/**
 * Credentials for one registry, the way `docker login` left them: explicit
 * username/password, else the Docker config's `credHelpers[registry]` or
 * `credsStore` (through `docker-credential-*`, the server on stdin), else its
 * `auths` entry, else anonymous (`source: 'anonymous'`).
 */
export async function readRegistryCredentials(
  options: ReadRegistryCredentialsOptions,
): Promise<RegistryCredentials> {
  throwIfAborted(options.signal);
  const registry = isRegistryHost(options.registry)
    ? normalizeRegistry(options.registry)
    : registryOf(options.registry);
  if (options.username !== undefined || options.password !== undefined)
    return registryCredentials({
      registry,
      username: options.username,
      password: options.password,
    });
  const env = options.env ?? process.env;
  const file = await configFile(
    options.dockerConfig ?? env.DOCKER_CONFIG ?? join(homedir(), '.docker'),
  );
  const config = await readConfig(file, registry);
  if (!config) return registryCredentials({ registry });
  const helper = config.credHelpers?.[registry] ?? config.credsStore;
  if (helper) {
    const fromHelper = await runCredentialHelper({
      helper,
      registry,
      env,
      timeoutMs: options.timeoutMs ?? 30_000,
      signal: options.signal,
    });
    if (fromHelper) return fromHelper;
  }
  const entry = Object.entries(config.auths ?? {}).find(
    ([key]) => normalizeRegistry(key) === registry,
  )?.[1];
  if (!entry) return registryCredentials({ registry });
  if (entry.identitytoken)
    return registryCredentials({
      registry,
      identityToken: entry.identitytoken,
      source: 'docker-config',
    });
  let { username, password } = entry;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1)
      throw new RegistryCredentialsError({
        registry,
        message: `The auths entry for ${registry} in ${file} is not base64 of "user:password"`,
        hint: `Run \`docker login ${registry}\` again, or pass the username and password explicitly.`,
      });
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (!username || !password) return registryCredentials({ registry });
  return registryCredentials({ registry, username, password, source: 'docker-config' });
}

async function configFile(location: string): Promise<string> {
  const info = await stat(location).catch(() => undefined);
  return info?.isDirectory() ? join(location, 'config.json') : location;
}

async function readConfig(file: string, registry: string): Promise<DockerConfigFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RegistryCredentialsError({
      registry,
      message: `Cannot read the Docker config ${file}: ${(error as Error).message}`,
      hint: 'Fix its permissions, set DOCKER_CONFIG to another folder, or pass the username and password explicitly.',
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as DockerConfigFile;
  } catch (error) {
    throw new RegistryCredentialsError({
      registry,
      message: `The Docker config ${file} is not valid JSON`,
      hint: 'Fix or remove the file (docker login writes it), or pass the username and password explicitly.',
      cause: error,
    });
  }
}

async function runCredentialHelper(options: {
  helper: string;
  registry: string;
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}): Promise<RegistryCredentials | undefined> {
  const { registry } = options;
  const program = `docker-credential-${options.helper}`;
  const server = registry === 'docker.io' ? DOCKER_HUB_SERVER : registry;
  const outcome = await new Promise<{ code: number | null; stdout: string; failure?: string }>(
    (resolve) => {
      // Its own process group, so a helper that hangs is stopped with everything it started.
      const child = spawn(program, ['get'], {
        stdio: ['pipe', 'pipe', 'ignore'],
        env: options.env as NodeJS.ProcessEnv,
        detached: true,
      });
      let stdout = '';
      let settled = false;
      const finish = (result: { code: number | null; stdout: string; failure?: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const stop = (failure: string) => {
        if (child.pid !== undefined) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        finish({ code: null, stdout: '', failure });
      };
      const timer = setTimeout(
        () => stop(`it did not answer within ${options.timeoutMs} ms`),
        options.timeoutMs,
      );
      const onAbort = () => stop('aborted');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.on('error', (error: NodeJS.ErrnoException) =>
        finish({
          code: null,
          stdout: '',
          failure: error.code === 'ENOENT' ? 'it is not installed (not on PATH)' : error.message,
        }),
      );
      child.on('close', (code) => finish({ code, stdout }));
      // The helper protocol: the server address on stdin, the secret only ever on stdout.
      child.stdin.on('error', () => {});
      child.stdin.end(server);
    },
  );
  if (options.signal?.aborted) throw abortReasonError(options.signal);
  if (outcome.code !== 0) {
    if (/credentials not found/i.test(outcome.stdout)) return undefined;
    throw new RegistryCredentialsError({
      registry,
      message: `The Docker credential helper ${program} failed for ${registry}: ${outcome.failure ?? `it exited with ${outcome.code}`}`,
      hint: `Install ${program}, run \`docker login ${registry}\` again, or pass the username and password explicitly.`,
    });
  }
  let parsed: { Username?: unknown; Secret?: unknown };
  try {
    parsed = JSON.parse(outcome.stdout) as { Username?: unknown; Secret?: unknown };
  } catch {
    throw new RegistryCredentialsError({
      registry,
      message: `The Docker credential helper ${program} answered with something other than JSON for ${registry}`,
      hint: `Check it by hand: echo ${server} | ${program} get`,
    });
  }
  if (typeof parsed.Secret !== 'string' || parsed.Secret === '') return undefined;
  if (parsed.Username === '<token>')
    return registryCredentials({
      registry,
      identityToken: parsed.Secret,
      source: 'credential-helper',
    });
  if (typeof parsed.Username !== 'string' || parsed.Username === '') return undefined;
  return registryCredentials({
    registry,
    username: parsed.Username,
    password: parsed.Secret,
    source: 'credential-helper',
  });
}

/**
 * Checks a `credentials` option: one RegistryCredentials or a list of them.
 * Anything else — a host map, another tool's shape, `{ foo: 1 }` — is an
 * OptionsError, so a pull never silently goes out anonymous.
 */
export function checkCredentialsOption(
  value: unknown,
  field = 'credentials',
): CredentialsOption | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  list.forEach((item, index) => {
    const where = Array.isArray(value) ? `${field}[${index}]` : field;
    const problem = credentialsProblem(item);
    if (problem)
      throw new OptionsError({
        field: where,
        message: problem,
        hint: 'Pass what registryCredentials() or readRegistryCredentials() from @swarmlift/core returns (one, or an array of them).',
      });
  });
  return value as CredentialsOption;
}

function credentialsProblem(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return 'is not a RegistryCredentials object';
  const { registry, username, password, identityToken, source } = item as Record<string, unknown>;
  if (typeof registry !== 'string' || registry === '')
    return "has no `registry` (a host map or another tool's credentials shape is not accepted)";
  for (const [key, value] of Object.entries({ username, password, identityToken }))
    if (value !== undefined && typeof value !== 'string') return `has a non-string \`${key}\``;
  if ((username === undefined) !== (password === undefined))
    return `for ${registry} needs both a username and a password`;
  const known = new Set(['registry', 'username', 'password', 'identityToken', 'source']);
  const unknown = Object.keys(item).find((key) => !known.has(key));
  if (unknown !== undefined) return `has an unknown field \`${unknown}\``;
  if (
    source !== undefined &&
    !['explicit', 'docker-config', 'credential-helper', 'anonymous'].includes(source as string)
  )
    return 'has an unknown `source`';
  return undefined;
}

/** The credentials that apply to `imageOrRegistry` (an image reference or a registry host), if any. */
export function credentialsFor(
  option: CredentialsOption | undefined,
  imageOrRegistry: string,
): RegistryCredentials | undefined {
  if (option === undefined) return undefined;
  const registry = isRegistryHost(imageOrRegistry)
    ? normalizeRegistry(imageOrRegistry)
    : registryOf(imageOrRegistry);
  const list: readonly RegistryCredentials[] = Array.isArray(option)
    ? option
    : [option as RegistryCredentials];
  const found = list.find((item) => normalizeRegistry(item.registry) === registry);
  return found && found.source !== 'anonymous' && hasSecret(found) ? found : undefined;
}

/**
 * A bare registry host (`ghcr.io`, `127.0.0.1:5000`, `localhost:5000`,
 * `https://ghcr.io/`) rather than an image: no path and no digest, and the part
 * before any port looks like a host, as the engine decides for an image's first
 * path component. `busybox:1.36` is an image.
 */
function isRegistryHost(text: string): boolean {
  const bare = text
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '');
  if (bare.includes('/') || bare.includes('@')) return false;
  const host = bare.startsWith('[') ? bare : (bare.split(':')[0] ?? '');
  return host.includes('.') || host === 'localhost' || host.startsWith('[');
}

function hasSecret(credentials: RegistryCredentials): boolean {
  return Boolean(credentials.identityToken || (credentials.username && credentials.password));
}

/**
 * The engine's `X-Registry-Auth` header value (URL-safe base64 of the JSON
 * auth config, with padding, as Go's base64.URLEncoding needs), or undefined
 * for anonymous access.
 */
export function encodeRegistryAuth(
  credentials: RegistryCredentials | undefined,
): string | undefined {
  const config = engineAuthConfig(credentials);
  if (!config) return undefined;
  return Buffer.from(JSON.stringify(config))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/** The engine's auth config object (dockerode's `authconfig`), or undefined for anonymous access. */
export function engineAuthConfig(
  credentials: RegistryCredentials | undefined,
): Record<string, string> | undefined {
  if (!credentials || !hasSecret(credentials)) return undefined;
  const serveraddress =
    credentials.registry === 'docker.io' ? DOCKER_HUB_SERVER : credentials.registry;
  if (credentials.identityToken) return { identitytoken: credentials.identityToken, serveraddress };
  return {
    username: credentials.username as string,
    password: credentials.password as string,
    serveraddress,
  };
}

/**
 * True for credentials that expire soon after a deploy, e.g. GitHub Actions'
 * `GITHUB_TOKEN` (`ghs_…`): Swarm keeps them for later pulls (rescheduled
 * tasks, new nodes), which will then fail.
 */
export function isShortLivedCredential(credentials: RegistryCredentials): boolean {
  const secret = credentials.password ?? credentials.identityToken ?? '';
  return /^(ghs_|ghu_)/.test(secret);
}
