import type { EngineNode, EngineTask } from './engine-types.js';
import type { NodeStateEvent } from './events.js';
import type { LostNode } from './types.js';

/** Task states in which a task holds (or is about to hold) a container on its node. */
const LIVE_STATES = new Set([
  'new',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
  'running',
]);

/**
 * A node that cannot run tasks now: not `ready` (down, unknown,
 * disconnected) or not `active` (drained, paused). Fields the engine left
 * out count as fine.
 */
export function isNodeUnavailable(node: EngineNode): boolean {
  const state = node.Status?.State ?? 'ready';
  const availability = node.Spec?.Availability ?? 'active';
  return state !== 'ready' || availability !== 'active';
}

/**
 * The unavailable nodes that hold a live task of the followed services — one
 * Swarm still wants running there, or one whose last report from that node
 * was live (when a node goes down, Swarm shuts its tasks down on paper and
 * the node can no longer say so). Each with the full names of those
 * services, sorted. Pure.
 */
export function findLostNodes(input: {
  nodes: readonly EngineNode[];
  tasks: readonly EngineTask[];
  /** Full name of each followed service, by ID; tasks of other services are ignored. */
  serviceNames: ReadonlyMap<string, string>;
}): LostNode[] {
  const lost: LostNode[] = [];
  for (const node of input.nodes) {
    if (!isNodeUnavailable(node)) continue;
    const services = new Set<string>();
    for (const task of input.tasks) {
      if (task.NodeID !== node.ID) continue;
      const name = input.serviceNames.get(task.ServiceID ?? '');
      if (name === undefined) continue;
      if (task.DesiredState === 'running' || LIVE_STATES.has(task.Status?.State ?? ''))
        services.add(name);
    }
    if (services.size === 0) continue;
    lost.push(nodeEntry(node, [...services].sort()));
  }
  return lost;
}

function nodeEntry(node: EngineNode, services: string[]): LostNode {
  return {
    nodeId: node.ID,
    node: node.Description?.Hostname || node.ID,
    state: node.Status?.State ?? 'unknown',
    availability: node.Spec?.Availability ?? 'unknown',
    back: false,
    services,
  };
}

/**
 * Folds one read's lost nodes into those of the wait so far: a node once
 * lost stays in the list (its state updated; `back` once it is available
 * again), and each change is an event — lost, state changed, back. Pure.
 */
export function trackLostNodes(input: {
  stack: string;
  previous: ReadonlyMap<string, LostNode>;
  current: readonly LostNode[];
  nodes: readonly EngineNode[];
}): { lostNodes: Map<string, LostNode>; events: NodeStateEvent[] } {
  const lostNodes = new Map(input.previous);
  const events: NodeStateEvent[] = [];
  const event = (entry: LostNode): NodeStateEvent => ({
    type: 'node_state',
    stack: input.stack,
    node: entry.node,
    nodeId: entry.nodeId,
    state: entry.state,
    availability: entry.availability,
    back: entry.back,
    services: entry.services,
  });
  for (const entry of input.current) {
    const before = lostNodes.get(entry.nodeId);
    const services = [...new Set([...(before?.services ?? []), ...entry.services])].sort();
    const next = { ...entry, services };
    lostNodes.set(entry.nodeId, next);
    if (
      !before ||
      before.back ||
      before.state !== entry.state ||
      before.availability !== entry.availability
    )
      events.push(event(next));
  }
  for (const [nodeId, before] of lostNodes) {
    if (before.back || input.current.some((entry) => entry.nodeId === nodeId)) continue;
    const node = input.nodes.find((candidate) => candidate.ID === nodeId);
    // Gone from the list (removed from the swarm) or available again.
    if (node && isNodeUnavailable(node)) continue;
    const next: LostNode = {
      ...before,
      state: node?.Status?.State ?? 'removed',
      availability: node?.Spec?.Availability ?? before.availability,
      back: node !== undefined,
    };
    lostNodes.set(nodeId, next);
    if (next.back) events.push(event(next));
  }
  return { lostNodes, events };
}

/**
 * What a service's outcome means given the nodes lost while it was
 * followed: `reason` with the lost nodes that held its tasks added, e.g.
 * `converged on the remaining nodes (node w1 down)`. Pure.
 */
export function reasonWithLostNodes(input: {
  service: string;
  outcome: string;
  reason: string | undefined;
  lostNodes: readonly LostNode[];
}): string | undefined {
  const mine = input.lostNodes.filter((entry) => entry.services.includes(input.service));
  if (mine.length === 0) return input.reason;
  const still = mine.filter((entry) => !entry.back);
  const back = mine.filter((entry) => entry.back);
  const parts: string[] = [];
  if (still.length) parts.push(still.map(describeLostNode).join(', '));
  if (back.length)
    parts.push(
      `${back.map((entry) => `node ${entry.node}`).join(', ')} lost during the wait, available again`,
    );
  const nodes = parts.join('; ');
  if (input.outcome === 'converged')
    return still.length ? `converged on the remaining nodes (${nodes})` : `converged (${nodes})`;
  return input.reason ? `${input.reason}; ${nodes}` : nodes;
}

/** `node w1 down`, `node w2 drain`, `node w1 down, drain`. */
export function describeLostNode(entry: Pick<LostNode, 'node' | 'state' | 'availability'>): string {
  const what = [
    entry.state !== 'ready' ? entry.state : undefined,
    entry.availability !== 'active' && entry.availability !== 'unknown'
      ? entry.availability
      : undefined,
  ].filter(Boolean);
  return `node ${entry.node} ${what.join(', ') || 'unavailable'}`;
}
