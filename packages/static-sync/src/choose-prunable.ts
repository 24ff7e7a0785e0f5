/**
 * Which release folders to delete so that `keep` remain: the oldest first
 * (by when they went live; folders never live count as older than all),
 * never `current` nor `previous`, whatever `keep` says.
 */
export function choosePrunable(options: {
  releases: readonly string[];
  history: readonly string[];
  keep: number;
  current: string;
  previous: string | undefined;
}): string[] {
  const present = new Set(options.releases);
  present.add(options.current);
  const lastLive = new Map<string, number>();
  options.history.forEach((release, index) => {
    lastLive.set(release, index);
  });
  const newestFirst = [...present].sort((a, b) => {
    const byLive = (lastLive.get(b) ?? -1) - (lastLive.get(a) ?? -1);
    return byLive !== 0 ? byLive : a < b ? 1 : a > b ? -1 : 0;
  });
  const protectedReleases = new Set([options.current, options.previous].filter(Boolean));
  const keep = Math.max(options.keep, 0);
  let kept = 0;
  const prune: string[] = [];
  for (const release of newestFirst) {
    if (protectedReleases.has(release)) {
      kept++;
    } else if (kept < keep) {
      kept++;
    } else {
      prune.push(release);
    }
  }
  return prune;
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
