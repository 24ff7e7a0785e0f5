/** How long a staged release that never went live is kept from pruning: one deploy's span. */
export const STAGED_GRACE_SECONDS = 3600;

/**
 * The releases staged (complete, with a manifest) but never live, whose manifest was
 * written less than `graceSeconds` ago by the server's clock: a deploy that staged its
 * release and has not switched yet (it may be waiting for the stack's lock while another
 * deploy activates) must still find it. Older never-live releases are leftovers of
 * deploys that failed, and pruned first.
 */
export function recentlyStaged(options: {
  releases: readonly string[];
  history: readonly string[];
  manifestTimes: ReadonlyMap<string, number>;
  now: number | undefined;
  graceSeconds?: number;
}): string[] {
  if (options.now === undefined) return [];
  const grace = options.graceSeconds ?? STAGED_GRACE_SECONDS;
  const wentLive = new Set(options.history);
  return options.releases.filter((release) => {
    if (wentLive.has(release)) return false;
    const written = options.manifestTimes.get(release);
    return written !== undefined && (options.now as number) - written < grace;
  });
}
