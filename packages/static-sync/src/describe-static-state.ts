import { newestFirst, previousRelease } from './choose-prunable.js';
import type { RemoteState } from './remote-state.js';

/** What is on the server under `target` (readStaticState's answer). */
export interface StaticState {
  /** The release `<target>/static` points to, if it is a link to one. */
  live: string | undefined;
  /** The release rollbackStatic() without `to` would go back to. */
  previous: string | undefined;
  /** Release folders present, newest first (by when they were last live; never-live ones last). */
  releases: string[];
  /** Present but never live: staged and not activated (yet), or a leftover of a failed deploy. */
  staged: string[];
  /** Releases in the order they went live, oldest first. */
  history: string[];
  /**
   * `releases`: `static` is the link static-sync manages; `plain`: a plain folder (the
   * guide's scp; the first switch makes it `releases/legacy-<time>`); `none`: nothing yet.
   */
  layout: 'releases' | 'plain' | 'none';
}

export function describeStaticState(
  state: Pick<RemoteState, 'current' | 'releases' | 'history' | 'staticKind'>,
): StaticState {
  const live = state.staticKind === 'link' ? state.current : undefined;
  const releases = newestFirst({ releases: state.releases, history: state.history });
  const wentLive = new Set(state.history);
  return {
    live,
    previous: previousRelease({ releases: state.releases, history: state.history, current: live }),
    releases,
    staged: releases.filter((release) => !wentLive.has(release) && release !== live),
    history: [...state.history],
    layout:
      state.staticKind === 'link' ? 'releases' : state.staticKind === 'dir' ? 'plain' : 'none',
  };
}
