import {
  abortReasonError,
  type CredentialsOption,
  checkCredentialsOption,
  checkSignal,
  checkTimeoutMs,
  credentialsFor,
  parseImageReference,
  type RegistryCredentials,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import { checkOptionsObject } from './check-options.js';
import { ImageBuilderError, RegistryAuthError, RegistryUnreachableError } from './errors.js';
import { parseAuthChallenge } from './registry-challenge.js';

export interface ImageExistsOptions {
  /** `host[:port]/path[:tag]` (tag `latest` when left out), or `…@sha256:…`. */
  image: string;
  /** Credentials: core's `registryCredentials`/`readRegistryCredentials`, one or a list; anonymous when none applies. */
  credentials?: CredentialsOption | undefined;
  /** Plain HTTP; default only for localhost and 127.0.0.0/8, which the engine also treats as insecure. */
  insecure?: boolean | undefined;
  /** Limit for the whole check (challenge, token, manifest); default 10 s. Past it: core's TimedOutError. */
  timeoutMs?: number | undefined;
  /** Aborting stops the requests; rejects with core's CancelledError. */
  signal?: AbortSignal | undefined;
}

export interface ImageExistsResult {
  exists: boolean;
  /** The manifest digest the registry reports when the tag exists. */
  digest?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

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
  checkOptionsObject(options, 'imageExists({ image })');
  const ref = parseImageReference(String(options.image), 'image');
  checkCredentialsOption(options.credentials, 'credentials');
  checkSignal(options.signal);
  const timeoutMs = checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  throwIfAborted(options.signal);
  const tag = ref.tag ?? 'latest';
  const host = ref.registry === 'docker.io' ? 'registry-1.docker.io' : ref.registry;
  const scheme = (options.insecure ?? isLoopback(host)) ? 'http' : 'https';
  const url = `${scheme}://${host}/v2/${ref.repository}/manifests/${ref.digest ?? tag}`;
  const credentials = credentialsFor(options.credentials, ref.registry);
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs,
    what: `Asking ${ref.registry} whether ${ref.repository}:${ref.digest ?? tag} exists`,
  });
  const signal = deadline.signal as AbortSignal;
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
      signal,
    );

  try {
    let response = await request();
    if (response.status === 401) {
      const challenge = parseAuthChallenge(response.headers.get('www-authenticate'));
      const authorization = await answerChallenge(
        ref.registry,
        ref.repository,
        challenge,
        credentials,
        signal,
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
      message: `Registry ${ref.registry} answered HTTP ${response.status} to a manifest check of ${ref.repository}:${ref.digest ?? tag}`,
      hint: 'Check the registry URL; a registry speaking the Docker Registry HTTP API v2 is required.',
    });
  } catch (error) {
    if (signal.aborted) throw abortReasonError(signal);
    throw error;
  } finally {
    deadline.dispose();
  }
}

async function answerChallenge(
  registry: string,
  repository: string,
  challenge: ReturnType<typeof parseAuthChallenge>,
  auth: RegistryCredentials | undefined,
  signal: AbortSignal,
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
    response = await send(registry, realm.toString(), { method: 'POST', body: form }, signal);
  } else {
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', scope);
    response = await send(
      registry,
      realm.toString(),
      { method: 'GET', headers: basic ? { Authorization: basic } : {} },
      signal,
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
  signal: AbortSignal,
): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'follow', signal });
  } catch (error) {
    if (signal.aborted) throw abortReasonError(signal);
    throw new RegistryUnreachableError({ registry, reason: networkReason(error), cause: error });
  }
}

/** A short reason for a failed fetch: DNS, refused connection, reset, or the error's own words. */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
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
