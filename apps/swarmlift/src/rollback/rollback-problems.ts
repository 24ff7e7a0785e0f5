import { CliError } from '../errors.js';

export interface RollbackChecks {
  version: string;
  /** Each image checked, and whether the registry still has it. */
  images: { image: string; exists: boolean }[];
  /** The target's static release, if it had one, and the releases on the manager. */
  staticRelease: string | undefined;
  staticTarget: string;
  releases: readonly string[] | undefined;
  /** With several static hosts (STATIC_HOSTS): each host's releases; the release must be on every one. */
  hostReleases?: readonly { host: string; releases: readonly string[] }[] | undefined;
}

/**
 * The refusal for what a rollback needs and no longer exists — images gone
 * from the registry, the static release gone from the manager — or
 * undefined when everything is there. Every missing thing is named.
 */
export function rollbackProblems(checks: RollbackChecks): CliError | undefined {
  const missingImages = checks.images.filter((image) => !image.exists).map((i) => i.image);
  const several = (checks.hostReleases?.length ?? 0) > 1;
  const missingOn =
    checks.staticRelease === undefined || !several
      ? []
      : (checks.hostReleases ?? [])
          .filter((one) => !one.releases.includes(checks.staticRelease as string))
          .map((one) => one.host);
  const staticMissing =
    checks.staticRelease !== undefined &&
    (several ? missingOn.length > 0 : !(checks.releases ?? []).includes(checks.staticRelease));
  const lines: string[] = [];
  if (missingImages.length > 0)
    lines.push(
      `the registry no longer has ${missingImages.length === 1 ? 'its image' : 'its images'} ${missingImages.join(', ')}`,
    );
  if (staticMissing)
    lines.push(
      several
        ? `its static release ${checks.staticRelease} is not in ${checks.staticTarget}/releases on ${missingOn.join(', ')} (pruned, removed, or a host added since)`
        : `its static release ${checks.staticRelease} is no longer in ${checks.staticTarget}/releases on the manager (pruned or removed)`,
    );
  if (lines.length === 0) return undefined;
  const message = `Cannot roll back to ${checks.version}: ${lines.join('; and ')}. Nothing was changed.`;
  if (missingImages.length > 0)
    return new CliError({
      code: 'CLI_ROLLBACK_IMAGE_MISSING',
      message,
      hint: `Deploy ${checks.version} again from its commit (that builds and pushes the image again), or roll back to another version (\`swarmlift rollback --list\`).`,
    });
  return new CliError({
    code: 'CLI_ROLLBACK_STATIC_MISSING',
    message,
    hint: `Deploy ${checks.version} again from its commit (that uploads its static files again), or roll back to another version (\`swarmlift rollback --list\`).`,
  });
}
