import type Docker from 'dockerode';
import { SwarmDeployerError } from './errors.js';

export interface ResolvedImage {
  /** Manifest (list) digest, `sha256:…`. */
  digest: string;
  /** Platforms the image offers, as the CLI puts them into Placement.Platforms. */
  platforms: { Architecture?: string; OS?: string }[];
}

interface DistributionInspect {
  Descriptor?: { digest?: string };
  Platforms?: { architecture?: string; os?: string }[];
}

/**
 * Asks the engine to look `image` up in its registry
 * (GET /distribution/{name}/json with X-Registry-Auth), as `docker stack
 * deploy` does to pin digests. Fails with IMAGE_NOT_FOUND.
 */
export async function resolveDigest(options: {
  docker: Docker;
  image: string;
  encodedAuth?: string;
  service?: string;
}): Promise<ResolvedImage> {
  let answer: DistributionInspect;
  try {
    const authconfig = options.encodedAuth ? { base64: options.encodedAuth } : undefined;
    answer = (await options.docker
      .getImage(options.image)
      .distribution(authconfig ? { authconfig } : {})) as DistributionInspect;
  } catch (error) {
    const reason = engineMessage(error);
    const unauthorized = /unauthorized|authentication required|denied|401/i.test(reason);
    throw new SwarmDeployerError({
      code: 'IMAGE_NOT_FOUND',
      message: `Image ${options.image}${options.service ? ` (service ${options.service})` : ''} cannot be resolved in its registry: ${reason}`,
      hint: unauthorized
        ? 'Log in to the registry (docker login) or pass its credentials in `auth`; with the bin, check ~/.docker/config.json.'
        : 'Check the image name and tag, and that it was pushed; use resolveImage: "never" (--resolve-image never) to deploy without a registry look-up.',
      cause: error,
    });
  }
  const digest = answer.Descriptor?.digest;
  if (!digest) {
    throw new SwarmDeployerError({
      code: 'IMAGE_NOT_FOUND',
      message: `The registry returned no digest for ${options.image}.`,
      hint: 'Check the registry, or deploy with resolveImage: "never".',
    });
  }
  const platforms = (answer.Platforms ?? []).map((platform) => {
    // As the CLI: arm images report "arm" while nodes report e.g. "armv7l", so arm drops the architecture.
    const architecture =
      platform.architecture?.toLowerCase() === 'arm' ? '' : platform.architecture;
    const result: { Architecture?: string; OS?: string } = {};
    if (architecture) result.Architecture = architecture;
    if (platform.os) result.OS = platform.os;
    return result;
  });
  return { digest, platforms };
}

/** The engine's own message (dockerode puts the JSON body on the error). */
export function engineMessage(error: unknown): string {
  const json = (error as { json?: { message?: string } })?.json;
  if (json && typeof json.message === 'string') return json.message;
  const reason = (error as { reason?: string })?.reason;
  const message = error instanceof Error ? error.message : String(error);
  return reason && !message.includes(reason) ? `${reason}: ${message}` : message;
}
