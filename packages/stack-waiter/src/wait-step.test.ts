import { describe, expect, it } from 'vitest';
import type { EngineService, EngineTask, StackSnapshot } from './engine-types.js';
import type { WaitTarget } from './resolve-targets.js';
import { initialWaitState, type WaitState, waitStep } from './wait-step.js';

const T0 = Date.parse('2024-05-01T12:00:00Z');
const web: EngineService = {
  ID: 'w',
  Spec: { Name: 'app_web', Mode: { Replicated: { Replicas: 1 } }, UpdateConfig: { Monitor: 1e9 } },
};
const db: EngineService = { ID: 'd', Spec: { Name: 'app_db' } };
const targets: WaitTarget[] = [
  { kind: 'judge', id: 'w', name: 'app_web', expectation: { action: 'current' } },
  { kind: 'unchanged', id: 'd', name: 'app_db' },
];
const task = (state: string, extra: Partial<EngineTask> = {}): EngineTask => ({
  ID: 't1',
  ServiceID: 'w',
  NodeID: 'n1',
  Slot: 1,
  DesiredState: 'running',
  CreatedAt: new Date(T0).toISOString(),
  Status: { State: state },
  ...extra,
});
const snapshot = (tasks: EngineTask[]): StackSnapshot => ({
  services: new Map([
    ['w', web],
    ['d', db],
  ]),
  tasks,
  upToDateTaskIds: new Set(tasks.map((t) => t.ID)),
  nodes: [{ ID: 'n1', Description: { Hostname: 'manager-1' } }],
});
const step = (tasks: EngineTask[], state: WaitState, now: number) =>
  waitStep({
    stack: 'app',
    snapshot: snapshot(tasks),
    targets,
    state,
    now,
    maxTaskFailures: 1,
    rollbackIsSuccess: false,
  });

describe('waitStep', () => {
  it('follows a new service from starting through its monitor period to converged', () => {
    const starting = step([task('starting')], initialWaitState, T0);
    expect(starting.status).toBeUndefined();
    expect(starting.events.map((e) => e.type)).toEqual(['task_state', 'replicas']);

    const running = step([task('running')], starting.state, T0 + 100);
    expect(running.status).toBeUndefined();
    expect(running.recheckAt).toBe(T0 + 1100);
    expect(running.events).toEqual([
      expect.objectContaining({ type: 'task_state', state: 'running', node: 'manager-1' }),
      { type: 'replicas', stack: 'app', service: 'app_web', running: 1, desired: 1 },
    ]);

    const done = step([task('running')], running.state, T0 + 1100);
    expect(done.status).toBe('converged');
    expect(done.events).toEqual([
      {
        type: 'service_done',
        stack: 'app',
        service: 'app_web',
        outcome: 'converged',
        reason: undefined,
      },
    ]);
  });

  it('fails the stack when a failed task reaches maxTaskFailures', () => {
    const failed = task('failed', {
      DesiredState: 'shutdown',
      Status: { State: 'failed', Err: 'task: non-zero exit (2)', ContainerStatus: { ExitCode: 2 } },
    });
    const result = step([failed], initialWaitState, T0);
    expect(result.status).toBe('failed');
    expect(result.state.verdicts.get('w')).toMatchObject({ failedTaskIds: ['t1'] });
    expect(result.events.at(-1)).toMatchObject({
      type: 'service_done',
      outcome: 'failed',
      reason: '1 tasks failed, last: task: non-zero exit (2)',
    });
  });

  it('reports a node lost with tasks of the service before what it does to the service', () => {
    const running = step([task('running')], initialWaitState, T0);
    const lostRead: StackSnapshot = {
      ...snapshot([task('running')]),
      nodes: [{ ID: 'n1', Description: { Hostname: 'worker-1' }, Status: { State: 'down' } }],
    };
    const lost = waitStep({
      stack: 'app',
      snapshot: lostRead,
      targets,
      state: running.state,
      now: T0 + 100,
      maxTaskFailures: 1,
      rollbackIsSuccess: false,
    });
    expect(lost.status).toBeUndefined();
    expect(lost.events[0]).toMatchObject({
      type: 'node_state',
      node: 'worker-1',
      state: 'down',
      back: false,
      services: ['app_web'],
    });
    // The task on the down node no longer counts as running.
    expect(lost.events).toContainEqual(
      expect.objectContaining({ type: 'replicas', running: 0, desired: 1 }),
    );
    expect([...lost.state.lostNodes.keys()]).toEqual(['n1']);
  });
});
