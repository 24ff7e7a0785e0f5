import type { LostNode } from '@swarmlift/stack-waiter';

/**
 * One line per node lost during the wait: which node, what state it was
 * left in, and the services whose tasks it held — so a deploy that
 * converged on the remaining nodes, or timed out without them, says why. Pure.
 */
export function lostNodeLines(lostNodes: readonly LostNode[] | undefined): string[] {
  return (lostNodes ?? []).map((entry) => {
    const held = `it held tasks of ${entry.services.join(', ')}`;
    if (entry.back) return `node ${entry.node} was lost during the wait and is back (${held})`;
    const state = [
      entry.state !== 'ready' ? entry.state : undefined,
      entry.availability !== 'active' ? entry.availability : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return `node ${entry.node} was lost during the wait (${state || 'unavailable'}): ${held}`;
  });
}

/** The lost nodes still unavailable at the end of the wait, for a summary: `w1 (down)`. */
export function stillLostNodes(lostNodes: readonly LostNode[] | undefined): string[] {
  return (lostNodes ?? [])
    .filter((entry) => !entry.back)
    .map(
      (entry) => `${entry.node} (${entry.state === 'ready' ? entry.availability : entry.state})`,
    );
}
