/**
 * Which release folders to delete so that `keep` remain: the oldest first
 * (by when they went live; folders never live count as older than all),
 * never `current`, `previous` nor any of `protect`, whatever `keep` says.
 */
export function choosePrunable(options: {
  releases: readonly string[];
  history: readonly string[];
  keep: number;
  current: string;
  previous: string | undefined;
  /** Also never pruned, e.g. releases staged for a deploy that has not switched yet. */
  protect?: readonly string[] | undefined;
}): string[] {
  const ordered = newestFirst({
    releases: [...options.releases, options.current],
    history: options.history,
  });
  const protectedReleases = new Set(
    [options.current, options.previous, ...(options.protect ?? [])].filter(Boolean),
  );
  // Protected releases take their places first; the newest others fill what is left.
  let free = Math.max(options.keep, 0) - ordered.filter((r) => protectedReleases.has(r)).length;
  const prune: string[] = [];
  for (const release of ordered) {
    if (protectedReleases.has(release)) continue;
    if (free > 0) free--;
    else prune.push(release);
  }
  return prune;
}

/**
 * The releases present, newest first: by the last time each went live; those never live
 * come after all that were, ordered by name (descending) among themselves.
 */
export function newestFirst(options: {
  releases: readonly string[];
  history: readonly string[];
}): string[] {
  const lastLive = new Map<string, number>();
  options.history.forEach((release, index) => {
    lastLive.set(release, index);
  });
  return [...new Set(options.releases)].sort((a, b) => {
    const byLive = (lastLive.get(b) ?? -1) - (lastLive.get(a) ?? -1);
    return byLive !== 0 ? byLive : a < b ? 1 : a > b ? -1 : 0;
  });
}

/** The release to go back to: the newest in history that is not `current` and still exists. */
export function previousRelease(options: {
  releases: readonly string[];
  history: readonly string[];
  current: string | undefined;
}): string | undefined {
  const present = new Set(options.releases);
  for (let i = options.history.length - 1; i >= 0; i--) {
    const release = options.history[i];
    if (release && release !== options.current && present.has(release)) return release;
  }
  return undefined;
}
