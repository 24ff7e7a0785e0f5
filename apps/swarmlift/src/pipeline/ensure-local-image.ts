import { credentialsFor, engineAuthConfig } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import type { BuildOutcome } from './build-step.js';
import type { RunContext } from './run-context.js';

/** Whether the engine has the image (by reference) already. */
export function hasLocalImage(engine: Remote, image: string): Promise<boolean> {
  return engine.docker
    .getImage(image)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

/**
 * The runner's engine, with the app image on it: a build that was skipped
 * (the registry had the tag) left no local copy, so pull it, with the
 * registry credentials, for `collectstatic` in the image.
 */
export async function ensureLocalImage(
  context: RunContext,
  build: Pick<BuildOutcome, 'image' | 'local'>,
): Promise<Remote> {
  const engine = await context.runnerEngine();
  if (build.local || (await hasLocalImage(engine, build.image))) return engine;
  const stream = await engine.docker.pull(build.image, {
    authconfig: engineAuthConfig(credentialsFor(context.settings.credentials, build.image)),
    abortSignal: context.signal,
  });
  await new Promise<void>((resolve, reject) => {
    engine.docker.modem.followProgress(stream, (error: Error | null, output: unknown[]) => {
      const failed = output?.find(
        (line): line is { error: string } =>
          typeof line === 'object' && line !== null && 'error' in line,
      );
      if (error) reject(error);
      else if (failed) reject(new Error(failed.error));
      else resolve();
    });
  });
  return engine;
}
