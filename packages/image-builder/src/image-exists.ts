import { ImageBuilderError, RegistryAuthError, RegistryUnreachableError } from './errors.js';
import { parseImageRef } from './image-ref.js';
import type { RegistryCredentials } from './registry-auth.js';
import { parseAuthChallenge } from './registry-challenge.js';

export interface ImageExistsOptions {
  /** `host[:port]/path:tag`. */
  ref: string;
  /** Credentials from `registryAuth`; anonymous when omitted. */
  auth?: RegistryCredentials;
  /** Plain HTTP; default only for localhost and 127.0.0.0/8, which the engine also treats as insecure. */
  insecure?: boolean;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

export interface ImageExistsResult {
  exists: boolean;
  /** The manifest digest the registry reports when the tag exists. */
  digest?: string;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/**
 * Asks the registry's HTTP API whether `ref`'s tag exists (`HEAD
 * /v2/<repo>/manifests/<tag>`), answering its Bearer-token or Basic
 * challenge, so a re-run for the same SHA can skip the build.
 */
export async function imageExists(options: ImageExistsOptions): Promise<ImageExistsResult> {
  const ref = parseImageRef(options.ref);
  const host = ref.registry === 'docker.io' ? 'registry-1.docker.io' : ref.registry;
  const scheme = (options.insecure ?? isLoopback(host)) ? 'http' : 'https';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const url = `${scheme}://${host}/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag}`;
  const request = (authorization?: string) =>
    send(
      ref.registry,
      url,
      {
        method: 'HEAD',
        headers: {
          Accept: MANIFEST_TYPES,
          ...(authorization ? { Authorization: authorization } : {}),
        },
      },
      timeoutMs,
    );

  let response = await request();
  if (response.status === 401) {
    const challenge = parseAuthChallenge(response.headers.get('www-authenticate'));
    const authorization = await answerChallenge(
      ref.registry,
      ref.repository,
      challenge,
      options.auth,
      timeoutMs,
    );
    response = await request(authorization);
    if (response.status === 401 || response.status === 403) {
      throw new RegistryAuthError({
        registry: ref.registry,
        reason: `HTTP ${response.status} for ${ref.repository} with the given credentials`,
      });
    }
  }
  if (response.status === 200) {
    const digest = response.headers.get('docker-content-digest') ?? undefined;
    return digest ? { exists: true, digest } : { exists: true };
  }
  if (response.status === 404) return { exists: false };
  if (response.status === 403) {
    throw new RegistryAuthError({
      registry: ref.registry,
      reason: `HTTP 403 (denied) for ${ref.repository}`,
    });
  }
  throw new ImageBuilderError({
    code: 'REGISTRY_ERROR',
    message: `Registry ${ref.registry} answered HTTP ${response.status} to a manifest check of ${ref.repository}:${ref.tag}`,
    hint: 'Check the registry URL; a registry speaking the Docker Registry HTTP API v2 is required.',
  });
}

async function answerChallenge(
  registry: string,
  repository: string,
  challenge: ReturnType<typeof parseAuthChallenge>,
  auth: RegistryCredentials | undefined,
  timeoutMs: number,
): Promise<string> {
  const basic =
    auth?.username && auth.password
      ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
      : undefined;
  if (challenge?.scheme === 'basic') {
    if (!basic)
      throw new RegistryAuthError({
        registry,
        reason: 'the registry requires authentication and no credentials were given',
      });
    return basic;
  }
  if (challenge?.scheme !== 'bearer' || !challenge.params.realm) {
    throw new RegistryAuthError({
      registry,
      reason: 'the registry requires authentication with a scheme this client does not know',
    });
  }
  const realm = new URL(challenge.params.realm);
  const scope = `repository:${repository}:pull`;
  let response: Response;
  if (auth?.identityToken) {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: auth.identityToken,
      service: challenge.params.service ?? '',
      scope,
      client_id: 'swarmlift',
    });
    response = await send(registry, realm.toString(), { method: 'POST', body: form }, timeoutMs);
  } else {
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', scope);
    response = await send(
      registry,
      realm.toString(),
      { method: 'GET', headers: basic ? { Authorization: basic } : {} },
      timeoutMs,
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new RegistryAuthError({
      registry,
      reason: `the token service refused the credentials (HTTP ${response.status})`,
    });
  }
  if (!response.ok) {
    throw new ImageBuilderError({
      code: 'REGISTRY_ERROR',
      message: `The token service of ${registry} answered HTTP ${response.status}`,
      hint: 'Try again later; check the registry status.',
    });
  }
  const body = (await response.json().catch(() => ({}))) as {
    token?: string;
    access_token?: string;
  };
  const token = body.token ?? body.access_token;
  if (!token) {
    throw new ImageBuilderError({
      code: 'REGISTRY_ERROR',
      message: `The token service of ${registry} returned no token`,
      hint: 'Check the registry.',
    });
  }
  return `Bearer ${token}`;
}

async function send(
  registry: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new RegistryUnreachableError({
      registry,
      reason: networkReason(error, timeoutMs),
      cause: error,
    });
  }
}

/** A short reason for a failed fetch: DNS, refused connection, TLS or timeout. */
export function networkReason(error: unknown, timeoutMs: number): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  switch (cause?.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve (DNS)';
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens on that port)';
    case 'ECONNRESET':
      return 'the connection was reset';
    default:
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}

function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
