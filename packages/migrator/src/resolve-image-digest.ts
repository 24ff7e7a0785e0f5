import type Docker from 'dockerode';
import type { RegistryAuth } from './one-off-types.js';

export type DigestResolution =
  | { kind: 'pinned'; image: string; digest: string }
  | { kind: 'already-pinned'; image: string }
  | { kind: 'missing'; image: string; reason: string }
  | { kind: 'unresolved'; image: string; reason: string };

/**
 * Asks the registry, through the manager (`GET /distribution/{image}/json`,
 * with X-Registry-Auth), which digest the tag points to now, and pins it
 * (`repo:tag@sha256:…`), as `docker service create` does. The job then runs
 * exactly that image, and a node that already has it (e.g. from the stack
 * deploy) skips the pull entirely, which is most of a job's start-up time.
 * A registry that says the tag does not exist is reported as `missing`; any
 * other failure (no registry, e.g. a local-only image) leaves the image as it
 * is, like the CLI's "could not be accessed on a registry" warning.
 */
export async function resolveImageDigest(
  docker: Docker,
  image: string,
  auth: RegistryAuth | undefined,
): Promise<DigestResolution> {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return { kind: 'already-pinned', image };
  try {
    const info = await new Promise<{ Descriptor?: { digest?: string } }>((resolve, reject) =>
      docker.modem.dial(
        {
          path: `/distribution/${image}/json`,
          method: 'GET',
          ...(auth ? { authconfig: auth } : {}),
          statusCodes: {
            200: true,
            401: 'unauthorized',
            403: 'forbidden',
            404: 'not found',
            500: 'server error',
          },
        },
        (error: unknown, data: unknown) =>
          error ? reject(error) : resolve(data as { Descriptor?: { digest?: string } }),
      ),
    );
    const digest = info.Descriptor?.digest;
    if (!digest) return { kind: 'unresolved', image, reason: 'the registry answer had no digest' };
    return { kind: 'pinned', image: `${image}@${digest}`, digest };
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    const reason = registryReason(error);
    if (status === 404 || status === 401 || status === 403)
      return { kind: 'missing', image, reason };
    return { kind: 'unresolved', image, reason };
  }
}

/** The engine's message without dockerode's "(HTTP code …)" prefix; it never carries the auth header. */
function registryReason(error: unknown): string {
  const json = (error as { json?: { message?: string } }).json;
  return (json?.message ?? (error as Error).message ?? String(error)).trim();
}
