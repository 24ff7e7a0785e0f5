/** A platform as the engine's distribution inspect reports it. */
export interface EnginePlatform {
  architecture?: string;
  os?: string;
  variant?: string;
}

/**
 * The platforms of an image as `docker stack deploy` puts them into a
 * service's `Placement.Platforms`: one entry per platform the engine
 * reported, in its order, with architecture and OS — except that `arm`
 * images drop the architecture (images say "arm", nodes "armv7l"; the CLI
 * does the same). Empty fields are left out.
 */
export function swarmPlatforms(
  platforms: readonly EnginePlatform[] | undefined,
): { Architecture?: string; OS?: string }[] {
  return (platforms ?? []).map((platform) => {
    const architecture =
      platform.architecture?.toLowerCase() === 'arm' ? '' : (platform.architecture ?? '');
    const entry: { Architecture?: string; OS?: string } = {};
    if (architecture) entry.Architecture = architecture;
    if (platform.os) entry.OS = platform.os;
    return entry;
  });
}
