import { engineMessage, TimedOutError, tryParseImageReference } from '@swarmlift/core';
import { ImageDigestError, resolveImageDigest } from '@swarmlift/remote';
import type { RunContext } from './run-context.js';

/** What a failed digest look-up means for the run. Pure. */
export function judgeDigestFailure(
  error: unknown,
  stopped: boolean,
): 'missing' | 'unpinned' | 'rethrow' {
  if (stopped) return 'rethrow';
  if (ImageDigestError.isInstance(error)) {
    const status = error.statusCode;
    return status === 401 || status === 403 || status === 404 ? 'missing' : 'unpinned';
  }
  // The registry (through the engine) did not answer in time: run unpinned, as the CLI does.
  if (TimedOutError.isInstance(error)) return 'unpinned';
  return 'rethrow';
}

/**
 * The image to put in the job's spec: pinned to the digest its registry names
 * now (as `docker service create` does), so the job runs exactly that image
 * and a node that has it skips the pull. Unless the caller opted out, the
 * reference is pinned already, or no registry answered (then a warning).
 */
export async function pinImage(ctx: RunContext): Promise<string> {
  const { options } = ctx;
  if (options.resolveImage === false) return options.image;
  if (tryParseImageReference(options.image)?.digest) return options.image;
  try {
    const resolved = await resolveImageDigest({
      remote: options.remote,
      image: options.image,
      credentials: options.credentials,
      signal: ctx.signal,
    });
    options.onEvent?.({
      type: 'image_resolved',
      image: options.image,
      digest: resolved.digest,
      pinned: resolved.pinned,
    });
    return resolved.pinned;
  } catch (error) {
    const meaning = judgeDigestFailure(error, ctx.signal.aborted);
    const reason =
      ImageDigestError.isInstance(error) && error.cause !== undefined
        ? engineMessage(error.cause)
        : engineMessage(error);
    if (meaning === 'missing')
      throw ctx.failure(
        'ONE_OFF_IMAGE_PULL_FAILED',
        `The registry has no ${options.image} (or refused the credentials): ${reason}`,
        'Check that the image tag was pushed and that `credentials` hold credentials for its registry (each node pulls with them).',
        { cause: error },
      );
    if (meaning === 'rethrow') throw error;
    options.onEvent?.({
      type: 'warning',
      code: 'ONE_OFF_IMAGE_NOT_PINNED',
      message: `${options.image} runs unpinned: no registry named its digest (${reason})`,
      stack: options.stack,
      image: options.image,
    });
    return options.image;
  }
}
