import { describe, expect, it } from 'vitest';
import type { EngineNode, EngineService, EngineTask } from './engine-types.js';
import { imageParts, judgeServiceStatus } from './service-status.js';

const IMAGE =
  '127.0.0.1:5000/acme/shop/django-app:3fa91c2@sha256:7f6e9d1644b08ec8eb99524da2e016f5295058020ebc40b37b839be323890ef2';

function service(
  overrides: Partial<EngineService['Spec']> = {},
  extra: Partial<EngineService> = {},
): EngineService {
  return {
    ID: 'svc',
    Spec: {
      Name: 'shop_web',
      Mode: { Replicated: { Replicas: 2 } },
      TaskTemplate: { ContainerSpec: { Image: IMAGE } },
      ...overrides,
    },
    ...extra,
  };
}

function task(id: string, state: string, extra: Partial<EngineTask> = {}): EngineTask {
  return {
    ID: id,
    ServiceID: 'svc',
    NodeID: 'n1',
    Slot: 1,
    DesiredState: state === 'running' || state === 'starting' ? 'running' : 'shutdown',
    Status: { State: state, Timestamp: '2026-11-28T10:00:00Z' },
    ...extra,
  };
}

const nodes: EngineNode[] = [
  { ID: 'n1', Description: { Hostname: 'manager-1' }, Status: { State: 'ready' } },
  { ID: 'n2', Description: { Hostname: 'worker-1' }, Status: { State: 'ready' } },
  { ID: 'n3', Description: { Hostname: 'worker-2' }, Status: { State: 'down' } },
];

describe('judgeServiceStatus', () => {
  it('a replicated service with every slot running is ok; version and digest come from the image', () => {
    const status = judgeServiceStatus({
      service: service(),
      tasks: [task('a', 'running'), task('b', 'running', { Slot: 2, NodeID: 'n2' })],
      nodes,
    });
    expect(status).toMatchObject({
      name: 'shop_web',
      mode: 'replicated',
      image: '127.0.0.1:5000/acme/shop/django-app:3fa91c2',
      version: '3fa91c2',
      digest: 'sha256:7f6e9d1644b08ec8eb99524da2e016f5295058020ebc40b37b839be323890ef2',
      running: 2,
      desired: 2,
      ok: true,
      problem: undefined,
      lastError: undefined,
    });
  });

  it('counts a slot once while a start-first update runs two tasks in it', () => {
    const status = judgeServiceStatus({
      service: service({ Mode: { Replicated: { Replicas: 1 } } }),
      tasks: [task('old', 'running'), task('new', 'running')],
      nodes,
    });
    expect([status.running, status.desired, status.ok]).toEqual([1, 1, true]);
  });

  it('a task on a node that is down does not run', () => {
    const status = judgeServiceStatus({
      service: service({ Mode: { Replicated: { Replicas: 1 } } }),
      tasks: [task('a', 'running', { NodeID: 'n3' })],
      nodes,
    });
    expect(status).toMatchObject({ running: 0, desired: 1, ok: false, problem: '0/1 running' });
  });

  it('a crashing service is not ok and names its newest task error with node, slot and exit code', () => {
    const status = judgeServiceStatus({
      service: service({ Mode: { Replicated: { Replicas: 1 } } }),
      tasks: [
        task('old', 'failed', {
          Status: { State: 'failed', Err: 'old error', Timestamp: '2026-11-28T09:00:00Z' },
        }),
        task('new', 'failed', {
          Status: {
            State: 'failed',
            Err: 'task: non-zero exit (3)',
            Timestamp: '2026-11-28T11:00:00Z',
            ContainerStatus: { ExitCode: 3 },
          },
        }),
        task('next', 'starting'),
      ],
      nodes,
    });
    expect(status.ok).toBe(false);
    expect(status.problem).toBe('0/1 running');
    expect(status.lastError).toEqual({
      taskId: 'new',
      slot: 1,
      node: 'manager-1',
      state: 'failed',
      error: 'task: non-zero exit (3)',
      exitCode: 3,
      at: '2026-11-28T11:00:00Z',
    });
  });

  it('an old task error stays visible on a service that runs fine (its time says how old)', () => {
    const status = judgeServiceStatus({
      service: service({ Mode: { Replicated: { Replicas: 1 } } }),
      tasks: [
        task('gone', 'failed', {
          Status: { State: 'failed', Err: 'boom', Timestamp: '2026-11-28T09:00:00Z' },
        }),
        task('now', 'running'),
      ],
      nodes,
    });
    expect(status.ok).toBe(true);
    expect(status.lastError?.taskId).toBe('gone');
  });

  it.each([
    ['updating', 'update in progress: update in progress'],
    ['paused', 'update paused: update in progress'],
    ['rollback_started', 'rolling back: update in progress'],
    ['rollback_paused', 'rollback paused: update in progress'],
  ])('update state %s is not ok even with every task running', (state, problem) => {
    const status = judgeServiceStatus({
      service: service(
        { Mode: { Replicated: { Replicas: 1 } } },
        { UpdateStatus: { State: state, Message: 'update in progress' } },
      ),
      tasks: [task('a', 'running')],
      nodes,
    });
    expect(status).toMatchObject({ ok: false, problem, updateState: state });
  });

  it.each(['completed', 'rollback_completed'])(
    'update state %s with every task running is ok',
    (state) => {
      const status = judgeServiceStatus({
        service: service(
          { Mode: { Replicated: { Replicas: 1 } } },
          { UpdateStatus: { State: state, Message: `${state.replace('_', ' ')}` } },
        ),
        tasks: [task('a', 'running')],
        nodes,
      });
      expect(status).toMatchObject({
        ok: true,
        updateState: state,
        updateMessage: state.replace('_', ' '),
      });
    },
  );

  it('a global service wants one task per node that has one to run, and counts each node once', () => {
    const global = service({ Mode: { Global: {} } });
    const ok = judgeServiceStatus({
      service: global,
      tasks: [task('a', 'running', { Slot: 0 }), task('b', 'running', { Slot: 0, NodeID: 'n2' })],
      nodes,
    });
    expect([ok.mode, ok.running, ok.desired, ok.ok]).toEqual(['global', 2, 2, true]);
    const short = judgeServiceStatus({
      service: global,
      tasks: [task('a', 'running', { Slot: 0 }), task('b', 'starting', { Slot: 0, NodeID: 'n2' })],
      nodes,
    });
    expect(short).toMatchObject({ running: 1, desired: 2, ok: false, problem: '1/2 running' });
    const none = judgeServiceStatus({ service: global, tasks: [], nodes });
    expect(none).toMatchObject({ ok: false, problem: 'no task scheduled on any node' });
  });

  it('a global service does not want a task on a node that is down (its last report does not count)', () => {
    const global = service({ Mode: { Global: {} } });
    const status = judgeServiceStatus({
      service: global,
      tasks: [
        task('a', 'running', { Slot: 0 }),
        task('b', 'running', { Slot: 0, NodeID: 'n2' }),
        // n3 is down: Swarm still wants its task running, the node cannot say otherwise.
        task('c', 'running', { Slot: 0, NodeID: 'n3' }),
      ],
      nodes,
    });
    expect(status).toMatchObject({ running: 2, desired: 2, ok: true });
  });

  it('a replicated service scaled to 0 runs as desired', () => {
    const status = judgeServiceStatus({
      service: service({ Mode: { Replicated: { Replicas: 0 } } }),
      tasks: [],
      nodes,
    });
    expect([status.running, status.desired, status.ok]).toEqual([0, 0, true]);
  });

  it('a job service counts completions and never fails the stack', () => {
    const status = judgeServiceStatus({
      service: service(
        { Mode: { ReplicatedJob: { TotalCompletions: 2 } } },
        { JobStatus: { JobIteration: { Index: 5 } } },
      ),
      tasks: [
        task('a', 'complete', { JobIteration: { Index: 5 } }),
        task('b', 'failed', { JobIteration: { Index: 5 }, Status: { State: 'failed', Err: 'x' } }),
        task('c', 'complete', { JobIteration: { Index: 4 } }),
      ],
      nodes,
    });
    expect(status).toMatchObject({ mode: 'replicated-job', running: 1, desired: 2, ok: true });
  });

  it("ignores other services' tasks", () => {
    const status = judgeServiceStatus({
      service: service({ Mode: { Replicated: { Replicas: 1 } } }),
      tasks: [task('a', 'running', { ServiceID: 'other' })],
      nodes,
    });
    expect(status.running).toBe(0);
  });
});

describe('judgeServiceStatus: a crash loop', () => {
  const now = Date.parse('2026-11-28T10:01:00Z');
  const crashLoop = [
    task('t1', 'running', { Slot: 1 }),
    task('t0', 'failed', {
      Slot: 1,
      Status: {
        State: 'failed',
        Timestamp: '2026-11-28T10:00:50Z',
        Err: 'task: non-zero exit (7)',
      },
    }),
  ];
  const oneReplica = service(
    { Mode: { Replicated: { Replicas: 1 } } },
    { UpdatedAt: '2026-11-28T09:00:00Z' },
  );

  it('is not ok while a task of the current spec failed in the last minute, though every slot runs now', () => {
    const status = judgeServiceStatus({ service: oneReplica, tasks: crashLoop, nodes, now });
    expect(status.running).toBe(1);
    expect(status.ok).toBe(false);
    expect(status.problem).toBe('restarting: 1 task failed in the last minute');
  });

  it('is ok again once the failure is older than a minute, or older than the spec (a fix)', () => {
    const later = judgeServiceStatus({
      service: oneReplica,
      tasks: crashLoop,
      nodes,
      now: now + 61_000,
    });
    expect(later.ok).toBe(true);
    const fixed = service(
      { Mode: { Replicated: { Replicas: 1 } } },
      { UpdatedAt: '2026-11-28T10:00:55Z' },
    );
    expect(judgeServiceStatus({ service: fixed, tasks: crashLoop, nodes, now }).ok).toBe(true);
  });

  it('does not judge recency without the engine clock', () => {
    expect(judgeServiceStatus({ service: oneReplica, tasks: crashLoop, nodes }).ok).toBe(true);
  });
});

describe('imageParts', () => {
  it('splits tag and digest; a reference without them has neither', () => {
    expect(imageParts('nginx')).toEqual({ image: 'nginx', version: undefined, digest: undefined });
    expect(imageParts('registry:5000/a/b:v1')).toEqual({
      image: 'registry:5000/a/b:v1',
      version: 'v1',
      digest: undefined,
    });
    expect(imageParts('a/b@sha256:abc')).toEqual({
      image: 'a/b',
      version: undefined,
      digest: 'sha256:abc',
    });
  });
});
