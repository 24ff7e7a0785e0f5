import type { Settings } from '../settings/settings.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The variables the compose file is interpolated with: the process
 * environment plus what the guide's workflow sets for `docker stack deploy`
 * (`GITHUB_SHA_SHORT`, `REGISTRY`, `IMAGE_NAME`) and `STATIC_TARGET`, so the
 * compose file stays the one place that names the image and the paths.
 */
export function composeEnv(
  settings: Pick<Settings, 'version' | 'registry' | 'imageName' | 'staticTarget'>,
  env: Env,
): Record<string, string | undefined> {
  return {
    ...env,
    GITHUB_SHA_SHORT: settings.version,
    REGISTRY: settings.registry,
    IMAGE_NAME: settings.imageName,
    STATIC_TARGET: settings.staticTarget,
  };
}
