import { describe, expect, it } from 'vitest';
import type { EngineService, EngineTask, StackSnapshot } from './engine-types.js';
import type { Verdict } from './judge-service.js';
import { type JudgedTarget, judgeStack } from './judge-stack.js';

const T0 = Date.parse('2024-05-01T12:00:00Z');

const service = (ID: string): EngineService => ({
  ID,
  Spec: {
    Name: `app_${ID}`,
    Mode: { Replicated: { Replicas: 1 } },
    UpdateConfig: { Monitor: 2e9 },
  },
});
const running = (ID: string, ServiceID: string, NodeID = 'n1'): EngineTask => ({
  ID,
  ServiceID,
  NodeID,
  Slot: 1,
  DesiredState: 'running',
  Status: { State: 'running' },
});
const target = (id: string): JudgedTarget => ({
  kind: 'judge',
  id,
  name: `app_${id}`,
  expectation: { action: 'current' },
});

function snapshot(services: EngineService[], tasks: EngineTask[], downNodes: string[] = []) {
  return {
    services: new Map(services.map((s) => [s.ID, s])),
    tasks,
    upToDateTaskIds: new Set(tasks.map((t) => t.ID)),
    nodes: [
      { ID: 'n1', Status: { State: downNodes.includes('n1') ? 'down' : 'ready' } },
      { ID: 'n2', Status: { State: downNodes.includes('n2') ? 'down' : 'ready' } },
    ],
  } satisfies StackSnapshot;
}

describe('judgeStack', () => {
  it('judges each service from its own tasks and asks to look again at the earliest monitor end', () => {
    const judged = judgeStack({
      snapshot: snapshot([service('web'), service('worker')], [running('t1', 'web')]),
      targets: [target('web'), target('worker')],
      previous: new Map(),
      now: T0,
      maxTaskFailures: 3,
    });
    expect(judged.verdicts.get('web')).toMatchObject({ outcome: 'pending', running: 1 });
    expect(judged.verdicts.get('worker')).toMatchObject({ outcome: 'pending', running: 0 });
    expect(judged.recheckAt).toBe(T0 + 2000);
  });

  it('carries stableSince over, so a service converges once its monitor period has passed', () => {
    const first = judgeStack({
      snapshot: snapshot([service('web')], [running('t1', 'web')]),
      targets: [target('web')],
      previous: new Map(),
      now: T0,
      maxTaskFailures: 3,
    });
    const second = judgeStack({
      snapshot: snapshot([service('web')], [running('t1', 'web')]),
      targets: [target('web')],
      previous: first.verdicts,
      now: T0 + 2000,
      maxTaskFailures: 3,
    });
    expect(second.verdicts.get('web')?.outcome).toBe('converged');
    expect(second.recheckAt).toBeUndefined();
  });

  it('keeps a final verdict as it was', () => {
    const final: Verdict = {
      outcome: 'failed',
      running: 0,
      desired: 1,
      updateState: 'paused',
      reason: 'update paused: x',
      failedTaskIds: [],
      stableSince: undefined,
      recheckAt: undefined,
    };
    const judged = judgeStack({
      snapshot: snapshot([service('web')], [running('t1', 'web')]),
      targets: [target('web')],
      previous: new Map([['web', final]]),
      now: T0,
      maxTaskFailures: 3,
    });
    expect(judged.verdicts.get('web')).toBe(final);
  });

  it('fails a service that is gone from the snapshot', () => {
    const judged = judgeStack({
      snapshot: snapshot([], []),
      targets: [target('web')],
      previous: new Map(),
      now: T0,
      maxTaskFailures: 3,
    });
    expect(judged.verdicts.get('web')).toMatchObject({
      outcome: 'failed',
      reason: 'the service was removed during the wait',
    });
  });

  it('does not count tasks on nodes that are down', () => {
    const judged = judgeStack({
      snapshot: snapshot([service('web')], [running('t1', 'web', 'n2')], ['n2']),
      targets: [target('web')],
      previous: new Map(),
      now: T0,
      maxTaskFailures: 3,
    });
    expect(judged.verdicts.get('web')).toMatchObject({ outcome: 'pending', running: 0 });
  });
});
