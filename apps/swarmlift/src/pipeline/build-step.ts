import {
  buildImage,
  formatEvent as formatBuildEvent,
  imageExists,
  pushImage,
} from '@swarmlift/image-builder';
import type { Step } from '../output/reporter.js';
import type { Settings } from '../settings/settings.js';
import { forwardEvents, type RunContext } from './run-context.js';

export interface BuildOutcome {
  /** The image reference the compose file names (`registry/name:tag`). */
  image: string;
  /** Its registry digest, when known. */
  digest: string | undefined;
  /** False when the registry already had the tag. */
  built: boolean;
  /** The image is on the runner's engine (so `collectstatic` can run in it). */
  local: boolean;
}

/**
 * Builds and pushes the image the compose file names, on the runner's engine;
 * skipped when the registry already has that tag (a re-run of the same commit).
 */
export async function buildStep(
  context: RunContext,
  step: Step,
  image: string,
  options: {
    force?: boolean;
    /** Called once the image is on the runner's engine, before the push: work that needs the image can start. */
    onBuilt?: () => void;
  } = {},
): Promise<BuildOutcome> {
  const { settings, signal } = context;
  if (!options.force) {
    const existing = await imageExists({ image, credentials: settings.credentials, signal });
    if (existing.exists) {
      step.skip(`the registry already has ${image}`);
      return { image, digest: existing.digest, built: false, local: false };
    }
  }
  const engine = await context.runnerEngine();
  const onEvent = forwardEvents(step, 'image-builder', formatBuildEvent);
  const build = await buildImage({
    remote: engine,
    context: settings.buildContext,
    dockerfile: settings.dockerfile,
    tags: [image],
    buildArgs: buildArgsOf(settings),
    credentials: settings.credentials,
    onEvent,
    signal,
  });
  options.onBuilt?.();
  const push = await pushImage({
    remote: engine,
    image,
    credentials: settings.credentials,
    onEvent,
    signal,
  });
  const cached =
    build.totalSteps > 0 ? `, ${build.cachedSteps}/${build.totalSteps} steps cached` : '';
  step.done(`built and pushed ${image} (${push.digest}${cached})`);
  return { image, digest: push.digest, built: true, local: true };
}

function buildArgsOf(settings: Pick<Settings, 'buildArgs'>): Record<string, string> | undefined {
  return Object.keys(settings.buildArgs).length > 0 ? settings.buildArgs : undefined;
}
