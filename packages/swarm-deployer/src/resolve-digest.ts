// TEMPORARY: replaced by @swarmlift/remote's resolveImageDigest once it exists.
import { abortReasonError, engineMessage, raceAbort } from '@swarmlift/core';
import type Docker from 'dockerode';
import { PlanError } from './errors.js';
import type { ResolvedImage } from './plan-service.js';

interface DistributionInspect {
  Descriptor?: { digest?: string };
  Platforms?: { architecture?: string; os?: string }[];
}

export async function resolveDigest(options: {
  docker: Docker;
  image: string;
  encodedAuth?: string | undefined;
  service?: string;
  signal?: AbortSignal | undefined;
}): Promise<ResolvedImage> {
  let answer: DistributionInspect;
  try {
    const authconfig = options.encodedAuth ? { base64: options.encodedAuth } : undefined;
    answer = (await raceAbort(
      options.docker
        .getImage(options.image)
        .distribution(authconfig ? { authconfig } : {}) as Promise<DistributionInspect>,
      options.signal,
    )) as DistributionInspect;
  } catch (error) {
    if (options.signal?.aborted) throw abortReasonError(options.signal);
    const reason = engineMessage(error);
    const unauthorized = /unauthorized|authentication required|denied|401/i.test(reason);
    throw new PlanError({
      problems: [
        {
          code: 'DEPLOY_IMAGE_NOT_FOUND',
          message: `Image ${options.image}${options.service ? ` (service ${options.service})` : ''} cannot be resolved in its registry: ${reason}`,
          hint: unauthorized
            ? 'Log in to the registry (docker login) or pass its credentials in `credentials`; with the bin, check ~/.docker/config.json.'
            : 'Check the image name and tag, and that it was pushed; use resolveImage: "never" (--resolve-image never) to deploy without a registry look-up.',
        },
      ],
      cause: error,
    });
  }
  const digest = answer.Descriptor?.digest;
  if (!digest) {
    throw new PlanError({
      problems: [
        {
          code: 'DEPLOY_IMAGE_NOT_FOUND',
          message: `The registry returned no digest for ${options.image}.`,
          hint: 'Check the registry, or deploy with resolveImage: "never".',
        },
      ],
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
