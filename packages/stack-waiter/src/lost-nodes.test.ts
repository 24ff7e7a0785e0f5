import { describe, expect, it } from 'vitest';
import type { EngineNode, EngineTask } from './engine-types.js';
import {
  describeLostNode,
  findLostNodes,
  isNodeUnavailable,
  reasonWithLostNodes,
  trackLostNodes,
} from './lost-nodes.js';
import type { LostNode } from './types.js';

const node = (id: string, state = 'ready', availability = 'active'): EngineNode => ({
  ID: id,
  Description: { Hostname: id.replace('id-', '') },
  Status: { State: state },
  Spec: { Availability: availability },
});
const task = (
  id: string,
  nodeId: string,
  state: string,
  desired = 'running',
  service = 'svc-web',
): EngineTask => ({
  ID: id,
  ServiceID: service,
  NodeID: nodeId,
  DesiredState: desired,
  Status: { State: state },
});
const names = new Map([
  ['svc-web', 'app_web'],
  ['svc-worker', 'app_worker'],
]);
const lost = (nodeId: string, extra: Partial<LostNode> = {}): LostNode => ({
  nodeId,
  node: nodeId.replace('id-', ''),
  state: 'down',
  availability: 'active',
  back: false,
  services: ['app_web'],
  ...extra,
});

describe('isNodeUnavailable', () => {
  it('is true for a node not ready or not active, false for a ready active one or missing fields', () => {
    expect(isNodeUnavailable(node('id-w1', 'down'))).toBe(true);
    expect(isNodeUnavailable(node('id-w1', 'unknown'))).toBe(true);
    expect(isNodeUnavailable(node('id-w1', 'disconnected'))).toBe(true);
    expect(isNodeUnavailable(node('id-w1', 'ready', 'drain'))).toBe(true);
    expect(isNodeUnavailable(node('id-w1', 'ready', 'pause'))).toBe(true);
    expect(isNodeUnavailable(node('id-w1'))).toBe(false);
    expect(isNodeUnavailable({ ID: 'x' })).toBe(false);
  });
});

describe('findLostNodes', () => {
  it('names a down node that holds a live task of a followed service, with those services', () => {
    const found = findLostNodes({
      nodes: [node('id-m1'), node('id-w1', 'down'), node('id-w2')],
      tasks: [
        task('t1', 'id-w1', 'running'),
        task('t2', 'id-w1', 'running', 'running', 'svc-worker'),
        task('t3', 'id-w2', 'running'),
      ],
      serviceNames: names,
    });
    expect(found).toEqual([lost('id-w1', { services: ['app_web', 'app_worker'] })]);
  });

  it('counts a task Swarm already shut down on paper whose last report from the node was live', () => {
    // The node went down: Swarm set the desired state to shutdown; the node could not report it.
    const found = findLostNodes({
      nodes: [node('id-w1', 'down')],
      tasks: [task('t1', 'id-w1', 'starting', 'shutdown')],
      serviceNames: names,
    });
    expect(found.map((entry) => entry.node)).toEqual(['w1']);
  });

  it('ignores unavailable nodes with only ended tasks, tasks of other services, and available nodes', () => {
    expect(
      findLostNodes({
        nodes: [node('id-w1', 'down'), node('id-w2', 'ready', 'drain'), node('id-w3')],
        tasks: [
          task('t1', 'id-w1', 'shutdown', 'shutdown'),
          task('t2', 'id-w1', 'failed', 'shutdown'),
          task('t3', 'id-w2', 'running', 'running', 'svc-other'),
          task('t4', 'id-w3', 'running'),
        ],
        serviceNames: names,
      }),
    ).toEqual([]);
  });

  it('names a drained node while its tasks are still live', () => {
    const found = findLostNodes({
      nodes: [node('id-w2', 'ready', 'drain')],
      tasks: [task('t1', 'id-w2', 'running', 'shutdown')],
      serviceNames: names,
    });
    expect(found).toEqual([lost('id-w2', { state: 'ready', availability: 'drain' })]);
  });
});

describe('trackLostNodes', () => {
  it('reports a node once when lost, again when its state changes, and when it is back', () => {
    const first = trackLostNodes({
      stack: 'app',
      previous: new Map(),
      current: [lost('id-w1', { state: 'unknown' })],
      nodes: [node('id-w1', 'unknown')],
    });
    expect(first.events).toEqual([
      {
        type: 'node_state',
        stack: 'app',
        node: 'w1',
        nodeId: 'id-w1',
        state: 'unknown',
        availability: 'active',
        back: false,
        services: ['app_web'],
      },
    ]);
    const same = trackLostNodes({
      stack: 'app',
      previous: first.lostNodes,
      current: [lost('id-w1', { state: 'unknown' })],
      nodes: [node('id-w1', 'unknown')],
    });
    expect(same.events).toEqual([]);
    const down = trackLostNodes({
      stack: 'app',
      previous: same.lostNodes,
      current: [lost('id-w1')],
      nodes: [node('id-w1', 'down')],
    });
    expect(down.events.map((e) => [e.state, e.back])).toEqual([['down', false]]);
    const back = trackLostNodes({
      stack: 'app',
      previous: down.lostNodes,
      current: [],
      nodes: [node('id-w1')],
    });
    expect(back.events.map((e) => [e.node, e.state, e.back])).toEqual([['w1', 'ready', true]]);
    expect([...back.lostNodes.values()]).toEqual([lost('id-w1', { state: 'ready', back: true })]);
  });

  it('keeps a lost node that no longer holds live tasks (its tasks were moved) as lost', () => {
    const first = trackLostNodes({
      stack: 'app',
      previous: new Map(),
      current: [lost('id-w1')],
      nodes: [node('id-w1', 'down')],
    });
    const later = trackLostNodes({
      stack: 'app',
      previous: first.lostNodes,
      current: [],
      nodes: [node('id-w1', 'down')],
    });
    expect(later.events).toEqual([]);
    expect([...later.lostNodes.values()]).toEqual([lost('id-w1')]);
  });

  it('merges the services a lost node held over the reads', () => {
    const first = trackLostNodes({
      stack: 'app',
      previous: new Map(),
      current: [lost('id-w1', { services: ['app_worker'] })],
      nodes: [node('id-w1', 'down')],
    });
    const later = trackLostNodes({
      stack: 'app',
      previous: first.lostNodes,
      current: [lost('id-w1', { services: ['app_web'] })],
      nodes: [node('id-w1', 'down')],
    });
    expect(later.lostNodes.get('id-w1')?.services).toEqual(['app_web', 'app_worker']);
  });
});

describe('reasonWithLostNodes', () => {
  const base = { service: 'app_web', reason: undefined as string | undefined };

  it('says a converged service converged on the remaining nodes, naming the lost node', () => {
    expect(reasonWithLostNodes({ ...base, outcome: 'converged', lostNodes: [lost('id-w1')] })).toBe(
      'converged on the remaining nodes (node w1 down)',
    );
  });

  it('adds the lost node to a pending or failed service’s reason', () => {
    expect(
      reasonWithLostNodes({
        service: 'app_web',
        outcome: 'pending',
        reason: '1/2 tasks running',
        lostNodes: [lost('id-w1')],
      }),
    ).toBe('1/2 tasks running; node w1 down');
  });

  it('says a node that came back was lost during the wait', () => {
    expect(
      reasonWithLostNodes({
        ...base,
        outcome: 'converged',
        lostNodes: [lost('id-w1', { state: 'ready', back: true })],
      }),
    ).toBe('converged (node w1 lost during the wait, available again)');
  });

  it('leaves services that had no task on a lost node alone', () => {
    expect(
      reasonWithLostNodes({
        service: 'app_redis',
        outcome: 'converged',
        reason: undefined,
        lostNodes: [lost('id-w1')],
      }),
    ).toBeUndefined();
  });
});

describe('describeLostNode', () => {
  it('names the state and the availability that make it unavailable', () => {
    expect(describeLostNode({ node: 'w1', state: 'down', availability: 'active' })).toBe(
      'node w1 down',
    );
    expect(describeLostNode({ node: 'w2', state: 'ready', availability: 'drain' })).toBe(
      'node w2 drain',
    );
    expect(describeLostNode({ node: 'w1', state: 'down', availability: 'pause' })).toBe(
      'node w1 down, pause',
    );
  });
});
