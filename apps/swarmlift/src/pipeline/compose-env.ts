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
  const derived = {
    GITHUB_SHA_SHORT: settings.version,
    REGISTRY: settings.registry,
    IMAGE_NAME: settings.imageName,
    STATIC_TARGET: settings.staticTarget,
  };
  // A setting the command does not read is empty: the environment's own value stays.
  const set = Object.entries(derived).filter(([, value]) => value !== '');
  return { ...env, ...Object.fromEntries(set) };
}
