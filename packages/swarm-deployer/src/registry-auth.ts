import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SwarmDeployerError } from './errors.js';
import { parseImageReference } from './image-reference.js';

/** Credentials for one registry. Never logged: keep them out of events and errors. */
export type RegistryCredential = { username: string; password: string } | { identitytoken: string };

/** Credentials by registry host (`127.0.0.1:5000`, `ghcr.io`, `docker.io`). */
export type RegistryAuth = Record<string, RegistryCredential>;

const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';

/** The registry host an image is pulled from (`docker.io` for Docker Hub). */
export function registryOf(image: string): string {
  return parseImageReference(image)?.domain ?? 'docker.io';
}

/** The credential for the registry of `image`, if `auth` has one. */
export function credentialFor(
  auth: RegistryAuth | undefined,
  image: string,
): RegistryCredential | undefined {
  return auth?.[registryOf(image)];
}

/** The X-Registry-Auth header value for `image` (base64url JSON, as the CLI sends it). */
export function encodeRegistryAuth(
  auth: RegistryAuth | undefined,
  image: string,
): string | undefined {
  const registry = registryOf(image);
  const credential = auth?.[registry];
  if (!credential) return undefined;
  const serveraddress = registry === 'docker.io' ? DOCKER_HUB_SERVER : registry;
  // URL-safe base64 WITH padding: the engine decodes with Go's base64.URLEncoding, which needs the '='.
  return Buffer.from(JSON.stringify({ ...credential, serveraddress }))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/**
 * True for credentials that expire soon after the deploy, e.g. a GitHub
 * Actions `GITHUB_TOKEN` (`ghs_…`): Swarm keeps the credential for later
 * pulls (rescheduled tasks, new nodes), which will then fail.
 */
export function isShortLivedCredential(credential: RegistryCredential): boolean {
  const secret = 'password' in credential ? credential.password : credential.identitytoken;
  return /^(ghs_|ghu_)/.test(secret);
}

interface DockerConfigFile {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string }
  >;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export interface ReadDockerConfigAuthOptions {
  /** Images whose registries need credentials. */
  images: readonly string[];
  /** A Docker config folder or config.json; default `$DOCKER_CONFIG`, else `~/.docker`. */
  dockerConfig?: string;
  env?: Record<string, string | undefined>;
}

/**
 * Reads credentials for the registries of `images` from the Docker config the
 * way the CLI does: `credHelpers[registry]`, else `credsStore`, through
 * `docker-credential-*` (server address on stdin), else the `auths` entry.
 * Registries without credentials are left out (anonymous pulls).
 */
export async function readDockerConfigAuth(
  options: ReadDockerConfigAuthOptions,
): Promise<RegistryAuth> {
  const env = options.env ?? process.env;
  const location = options.dockerConfig ?? env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  const file = location.endsWith('.json') ? location : join(location, 'config.json');
  const config = await readConfig(file);
  const auth: RegistryAuth = {};
  if (!config) return auth;
  const registries = [...new Set(options.images.map(registryOf))];
  for (const registry of registries) {
    const serverAddress = registry === 'docker.io' ? DOCKER_HUB_SERVER : registry;
    const helper = config.credHelpers?.[registry] ?? config.credsStore;
    const fromHelper = helper
      ? await runCredentialHelper(helper, serverAddress, registry, env)
      : undefined;
    const credential = fromHelper ?? fromAuths(config, registry, file);
    if (credential) auth[registry] = credential;
  }
  return auth;
}

function fromAuths(
  config: DockerConfigFile,
  registry: string,
  file: string,
): RegistryCredential | undefined {
  const entries = Object.entries(config.auths ?? {});
  const entry = entries.find(([key]) => normalizeServer(key) === registry)?.[1];
  if (!entry) return undefined;
  if (entry.identitytoken) return { identitytoken: entry.identitytoken };
  let { username, password } = entry;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) {
      throw new SwarmDeployerError({
        code: 'REGISTRY_AUTH_INVALID',
        message: `The auths entry for ${registry} in ${file} is not base64 of "user:password".`,
        hint: `Run \`docker login ${registry}\` again.`,
      });
    }
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  return username && password ? { username, password } : undefined;
}

/** `https://index.docker.io/v1/` → `docker.io`; `https://ghcr.io/v2/` → `ghcr.io`. */
function normalizeServer(key: string): string {
  const host = (key.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '').toLowerCase();
  return ['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(host)
    ? 'docker.io'
    : host;
}

async function readConfig(file: string): Promise<DockerConfigFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SwarmDeployerError({
      code: 'REGISTRY_AUTH_INVALID',
      message: `Cannot read the Docker config ${file}: ${(error as Error).message}`,
      hint: 'Fix its permissions, or set DOCKER_CONFIG to another folder.',
    });
  }
  try {
    return JSON.parse(text) as DockerConfigFile;
  } catch {
    throw new SwarmDeployerError({
      code: 'REGISTRY_AUTH_INVALID',
      message: `The Docker config ${file} is not valid JSON.`,
      hint: 'Fix or remove the file (docker login writes it).',
    });
  }
}

async function runCredentialHelper(
  helper: string,
  serverAddress: string,
  registry: string,
  env: Record<string, string | undefined>,
): Promise<RegistryCredential | undefined> {
  const { spawn } = await import('node:child_process');
  const program = `docker-credential-${helper}`;
  const result = await new Promise<{ code: number | null; stdout: string; missing: boolean }>(
    (resolve) => {
      const child = spawn(program, ['get'], { stdio: ['pipe', 'pipe', 'ignore'], env });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ code: null, stdout: '', missing: error.code === 'ENOENT' }),
      );
      child.on('close', (code) => resolve({ code, stdout, missing: false }));
      // The helper protocol: the server address on stdin, the secret only ever on stdout.
      child.stdin.end(serverAddress);
    },
  );
  if (result.code !== 0) {
    if (/credentials not found/i.test(result.stdout)) return undefined;
    throw new SwarmDeployerError({
      code: 'REGISTRY_AUTH_INVALID',
      message: `The Docker credential helper ${program} failed for ${registry}: ${
        result.missing ? 'it is not installed (not on PATH)' : `it exited with ${result.code}`
      }.`,
      hint: `Install ${program} or run \`docker login ${registry}\` again.`,
    });
  }
  let parsed: { Username?: string; Secret?: string };
  try {
    parsed = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
  } catch {
    throw new SwarmDeployerError({
      code: 'REGISTRY_AUTH_INVALID',
      message: `The Docker credential helper ${program} answered with something other than JSON for ${registry}.`,
      hint: `Check ${program} by hand: echo ${registry} | ${program} get`,
    });
  }
  if (!parsed.Secret) return undefined;
  if (parsed.Username === '<token>') return { identitytoken: parsed.Secret };
  return { username: parsed.Username ?? '', password: parsed.Secret };
}
