import {
  type CredentialsOption,
  checkCredentialsOption,
  checkSignal,
  checkTimeoutMs,
  credentialsFor,
  encodeRegistryAuth,
  engineMessage,
  engineStatusCode,
  formatImageReference,
  isEngineUnreachable,
  parseImageReference,
  SwarmliftError,
  withDeadline,
} from '@swarmlift/core';
import { checkRemote } from './check-remote.js';
import type { DockerRemote } from './docker-remote.js';
import { engineRequest } from './engine-request.js';
import { ImageDigestError, RemoteError } from './errors.js';
import { type EnginePlatform, swarmPlatforms } from './swarm-platforms.js';

export interface ResolveImageDigestOptions {
  remote: DockerRemote;
  /** An image reference: `name[:tag]`, `host[:port]/path[:tag]`, or with `@sha256:…`. */
  image: string;
  /** Credentials for the image's registry (core's `registryCredentials`/`readRegistryCredentials`). */
  credentials?: CredentialsOption | undefined;
  signal?: AbortSignal | undefined;
  /** The engine asks the registry, which can hang; default 60 s. Past it: core's TimedOutError. */
  timeoutMs?: number | undefined;
}

export interface ResolvedImageDigest {
  /** The manifest (list) digest the reference points to now, `sha256:…`. */
  digest: string;
  /** The platforms the image offers, as Swarm's `Placement.Platforms` wants them (as the CLI fills them). */
  platforms: { Architecture?: string; OS?: string }[];
  /** The reference pinned to that digest, as `docker stack deploy` writes it: `name:tag@sha256:…`. */
  pinned: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

interface DistributionInspect {
  Descriptor?: { digest?: string };
  Platforms?: EnginePlatform[];
}

/**
 * Asks the engine which digest `image` has in its registry now
 * (`GET /distribution/{image}/json`, with `X-Registry-Auth` from
 * `credentials`), as `docker stack deploy` and `docker service create` do to
 * pin images. The engine's answer decides; a refusal is an `ImageDigestError`
 * (`IMAGE_DIGEST_UNAVAILABLE`) with the engine's message, its HTTP status
 * (`statusCode`: 401/403 no access, 404 no such tag) and the engine error as
 * `cause`. An engine that cannot be reached is `DOCKER_UNREACHABLE`.
 */
export async function resolveImageDigest(
  options: ResolveImageDigestOptions,
): Promise<ResolvedImageDigest> {
  const remote = checkRemote(options?.remote);
  checkSignal(options.signal);
  const reference = parseImageReference(options.image, 'image');
  const credentials = checkCredentialsOption(options.credentials);
  const timeoutMs = checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  const image = options.image.trim();
  const registryAuth = encodeRegistryAuth(credentialsFor(credentials, image));
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs,
    what: `Resolving the digest of ${image}`,
  });
  let answer: DistributionInspect;
  try {
    answer = await engineRequest<DistributionInspect>(remote.docker, {
      method: 'GET',
      path: `/distribution/${image}/json`,
      registryAuth,
      signal: deadline.signal,
    });
  } catch (error) {
    throw digestError(error, image, registryAuth !== undefined);
  } finally {
    deadline.dispose();
  }
  const digest = answer?.Descriptor?.digest;
  if (typeof digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    throw new ImageDigestError({
      image,
      statusCode: undefined,
      message: `The engine returned no digest for ${image}.`,
      hint: 'Check the registry (its answer to a manifest request), or deploy without pinning the digest.',
    });
  }
  const tag = reference.tag ?? (reference.digest ? undefined : 'latest');
  return {
    digest,
    platforms: swarmPlatforms(answer.Platforms),
    pinned: formatImageReference({ ...reference, tag, digest }),
  };
}

function digestError(error: unknown, image: string, withCredentials: boolean): Error {
  // Cancelled, timed out, or the session is gone: those pass as they are.
  if (SwarmliftError.isInstance(error)) return error;
  if (isEngineUnreachable(error)) {
    return new RemoteError({
      code: 'DOCKER_UNREACHABLE',
      message: `The Docker engine did not answer while resolving ${image}: ${engineMessage(error)}`,
      hint: 'Check that dockerd runs and that this user may use its socket (group docker).',
      cause: error,
    });
  }
  const statusCode = engineStatusCode(error);
  const reason = engineMessage(error);
  const denied =
    statusCode === 401 ||
    statusCode === 403 ||
    /unauthorized|authentication required|denied|no basic auth credentials/i.test(reason);
  const missing = statusCode === 404 || /manifest unknown|not found/i.test(reason);
  let hint: string;
  if (denied && !missing) {
    hint = withCredentials
      ? 'The registry refused these credentials: check the user and token (and that the token may read this repository).'
      : 'Pass credentials for its registry (registryCredentials() or readRegistryCredentials() from @swarmlift/core).';
  } else if (missing) {
    hint = 'Check the image name and tag, and that the image was pushed to that registry.';
  } else {
    hint =
      'Check that the engine can reach the registry (DNS, firewall, TLS), or deploy without pinning the digest.';
  }
  return new ImageDigestError({
    image,
    statusCode,
    message: `The registry did not give the digest of ${image}: ${reason}`,
    hint,
    cause: error,
  });
}
