// When did the edge start serving a version for good? Decided from the answers a poller of `/`
// saw, in order: each `{ t, version }` (ms since the timed command started; `version` undefined
// when the request failed). During a start-first update the old and the new task answer side by
// side, so the first answer of the new version is not yet "serving it": that is the first answer
// of the last unbroken run of it.

/**
 * `first`: the time of the first answer with `version`; `since`: the time of the first answer of
 * the trailing run of answers that all carry `version` (undefined when the last answer does not);
 * `heldMs`: how long that run has lasted so far (last answer's time minus `since`).
 */
export function servedSince(observations, version) {
  const first = observations.find((o) => o.version === version)?.t;
  let since;
  for (let i = observations.length - 1; i >= 0 && observations[i].version === version; i--)
    since = observations[i].t;
  const heldMs = since === undefined ? 0 : observations[observations.length - 1].t - since;
  return { first, since, heldMs };
}
