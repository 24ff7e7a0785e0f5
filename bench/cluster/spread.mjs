// Whether a deploy reached every node: a running task of the new image on each of them.

/**
 * @param {{ node: string, image: string, state: string }[]} tasks the app service's tasks
 *   (`docker service ps` rows: node hostname, image reference, current state)
 * @param {string[]} nodes every node's swarm hostname
 * @param {string} image the image reference this deploy made (REGISTRY/…:tag)
 * @returns {{ ok: boolean, missing: string[], running: Record<string, number> }} missing: nodes
 *   without a running task of `image`; running: such tasks per node
 */
export function spreadOf(tasks, nodes, image) {
  const running = Object.fromEntries(nodes.map((node) => [node, 0]));
  for (const task of tasks) {
    // `docker service ps` shows the reference without its @sha256 digest only with --no-resolve;
    // with a digest pinned (as `stack deploy` and swarmlift do), compare the name:tag part.
    const reference = task.image.split('@')[0];
    if (reference === image && /^Running\b/.test(task.state) && task.node in running)
      running[task.node]++;
  }
  const missing = nodes.filter((node) => running[node] === 0);
  return { ok: missing.length === 0, missing, running };
}
