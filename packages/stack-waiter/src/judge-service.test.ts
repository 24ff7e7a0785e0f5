import { describe, expect, it } from 'vitest';
import type { EngineService, EngineTask } from './engine-types.js';
import { type JudgeInput, judgeService } from './judge-service.js';

const T0 = Date.parse('2024-05-01T12:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function service(overrides: Partial<EngineService> = {}, replicas = 2): EngineService {
  return {
    ID: 'svc',
    Spec: {
      Name: 'app_web',
      Mode: { Replicated: { Replicas: replicas } },
      UpdateConfig: { Monitor: 2e9 },
      TaskTemplate: { ForceUpdate: 0 },
    },
    ...overrides,
  };
}

function task(id: string, state: string, extra: Partial<EngineTask> = {}): EngineTask {
  return {
    ID: id,
    ServiceID: 'svc',
    NodeID: 'n1',
    Slot: 1,
    DesiredState: state === 'running' || state === 'starting' ? 'running' : 'shutdown',
    CreatedAt: at(10),
    Status: { State: state },
    ...extra,
  };
}

function judge(overrides: Partial<JudgeInput>) {
  const tasks = overrides.tasks ?? [];
  return judgeService({
    service: service(),
    tasks,
    upToDateTaskIds: new Set(tasks.map((t) => t.ID)),
    activeNodeIds: new Set(['n1', 'n2']),
    expectation: { action: 'current' },
    now: T0,
    stableSince: undefined,
    maxTaskFailures: 3,
    ...overrides,
  });
}

const twoRunning = [task('a', 'running', { Slot: 1 }), task('b', 'running', { Slot: 2 })];

describe('judgeService: replicated services', () => {
  it('waits out the monitor period once every task runs, then converges', () => {
    const first = judge({ tasks: twoRunning });
    expect(first).toMatchObject({ outcome: 'pending', running: 2, desired: 2, stableSince: T0 });
    expect(first.recheckAt).toBe(T0 + 2000);
    const later = judge({ tasks: twoRunning, now: T0 + 2000, stableSince: T0 });
    expect(later.outcome).toBe('converged');
  });

  it('converges at once when Swarm reports the update completed (it already monitored it)', () => {
    const completed = service({ UpdateStatus: { State: 'completed', StartedAt: at(0) } });
    expect(judge({ service: completed, tasks: twoRunning }).outcome).toBe('converged');
  });

  it('counts only tasks of the current spec, one per slot', () => {
    const tasks = [
      task('old', 'running', { Slot: 1 }),
      task('new', 'running', { Slot: 1 }),
      task('new2', 'starting', { Slot: 2 }),
    ];
    const verdict = judge({ tasks, upToDateTaskIds: new Set(['new', 'new2']) });
    expect(verdict).toMatchObject({ outcome: 'pending', running: 1, reason: '1/2 tasks running' });
  });

  it('ignores tasks on nodes that are down', () => {
    const tasks = [
      task('a', 'running', { Slot: 1 }),
      task('b', 'running', { Slot: 2, NodeID: 'gone' }),
    ];
    expect(judge({ tasks }).running).toBe(1);
  });

  it('follows the update while it runs', () => {
    const updating = service({ UpdateStatus: { State: 'updating', StartedAt: at(0) } });
    expect(judge({ service: updating, tasks: twoRunning })).toMatchObject({
      outcome: 'pending',
      updateState: 'updating',
      reason: 'update in progress: 2/2 tasks running',
    });
  });

  it('fails a paused update and a paused rollback with the engine message', () => {
    const paused = service({
      UpdateStatus: { State: 'paused', StartedAt: at(0), Message: 'update paused due to failure' },
    });
    expect(judge({ service: paused })).toMatchObject({
      outcome: 'failed',
      reason: 'update paused: update paused due to failure',
    });
    const rollbackPaused = service({
      UpdateStatus: { State: 'rollback_paused', StartedAt: at(0) },
    });
    expect(judge({ service: rollbackPaused }).outcome).toBe('failed');
  });

  it('keeps waiting through a rollback, then reports it rolled back with the failed task', () => {
    const failed = task('bad', 'failed', {
      CreatedAt: at(5),
      Status: { State: 'failed', Err: 'task: non-zero exit (1)', ContainerStatus: { ExitCode: 1 } },
    });
    const started = service({
      UpdateStatus: { State: 'rollback_started', StartedAt: at(0), Message: 'x' },
    });
    expect(judge({ service: started, tasks: [failed] }).outcome).toBe('pending');
    const done = service({ UpdateStatus: { State: 'rollback_completed', StartedAt: at(0) } });
    expect(judge({ service: done, tasks: [failed], upToDateTaskIds: new Set() })).toMatchObject({
      outcome: 'rolled_back',
      reason: 'update rolled back after a task failed: task: non-zero exit (1)',
      failedTaskIds: ['bad'],
    });
  });

  it('ignores an update state that started before this deploy', () => {
    const stale = service({ UpdateStatus: { State: 'rollback_completed', StartedAt: at(-60) } });
    const verdict = judge({
      service: stale,
      tasks: twoRunning,
      expectation: { action: 'current', sinceMs: T0 },
      now: T0 + 5000,
      stableSince: T0,
    });
    expect(verdict).toMatchObject({ outcome: 'converged', updateState: undefined });
  });

  it('fails at once on a rejected task (e.g. a missing image)', () => {
    const rejected = task('r', 'rejected', {
      Status: { State: 'rejected', Err: 'No such image: app:nope' },
    });
    expect(judge({ tasks: [rejected] })).toMatchObject({
      outcome: 'failed',
      reason: 'task rejected: No such image: app:nope',
    });
  });

  it('fails after maxTaskFailures failed tasks of the current spec, newest named', () => {
    const failures = [1, 2, 3].map((n) =>
      task(`f${n}`, 'failed', { CreatedAt: at(n), Status: { State: 'failed', Err: `boom ${n}` } }),
    );
    expect(judge({ tasks: failures.slice(0, 2) }).outcome).toBe('pending');
    expect(judge({ tasks: failures })).toMatchObject({
      outcome: 'failed',
      reason: '3 tasks failed, last: boom 3',
      failedTaskIds: ['f3', 'f2', 'f1'],
    });
    // Failures of an older spec are not this deploy's.
    expect(judge({ tasks: failures, upToDateTaskIds: new Set() }).outcome).toBe('pending');
  });

  it('notices a service another deploy changed since (ForceUpdate differs from the record)', () => {
    const changed = service();
    changed.Spec.TaskTemplate = { ForceUpdate: 4 };
    expect(
      judge({ service: changed, expectation: { action: 'update', forceUpdate: 3 } }).reason,
    ).toMatch(/changed by another deploy \(ForceUpdate 4, this deploy applied 3\)/);
  });
});

describe('judgeService: global services', () => {
  const global = service({ Spec: { Mode: { Global: {} }, UpdateConfig: { Monitor: 1e9 } } });

  it('wants one running task per node that has a task of the current spec', () => {
    const tasks = [task('a', 'running', { NodeID: 'n1' }), task('b', 'starting', { NodeID: 'n2' })];
    expect(judge({ service: global, tasks })).toMatchObject({
      outcome: 'pending',
      running: 1,
      desired: 2,
    });
    const all = [task('a', 'running', { NodeID: 'n1' }), task('b', 'running', { NodeID: 'n2' })];
    expect(judge({ service: global, tasks: all, now: T0 + 1000, stableSince: T0 }).outcome).toBe(
      'converged',
    );
  });

  it('is not converged before any task is scheduled', () => {
    expect(judge({ service: global, tasks: [] }).reason).toMatch(/no task of the current spec/);
  });
});

describe('judgeService: jobs', () => {
  const job = (iteration: number) =>
    service({
      Spec: { Mode: { ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 3 } } },
      JobStatus: { JobIteration: { Index: iteration } },
    });
  const done = (id: string, iteration: number) =>
    task(id, 'complete', { JobIteration: { Index: iteration }, DesiredState: 'complete' });

  it('converges when the current iteration completed its completions, without a monitor wait', () => {
    const tasks = [done('a', 7), done('b', 7)];
    expect(judge({ service: job(7), tasks })).toMatchObject({
      outcome: 'pending',
      running: 2,
      desired: 3,
    });
    expect(judge({ service: job(7), tasks: [...tasks, done('c', 7)] }).outcome).toBe('converged');
  });

  it('fails on a failed task of the current iteration only', () => {
    const failed = task('f', 'failed', {
      JobIteration: { Index: 6 },
      Status: { State: 'failed', Err: 'task: non-zero exit (1)', ContainerStatus: { ExitCode: 1 } },
    });
    expect(judge({ service: job(7), tasks: [failed, done('a', 7)] }).outcome).toBe('pending');
    const current = { ...failed, JobIteration: { Index: 7 } };
    expect(judge({ service: job(7), tasks: [current] })).toMatchObject({
      outcome: 'failed',
      reason: 'job task failed: task: non-zero exit (1)',
    });
  });

  it('global-job: every node that ran a task completed it', () => {
    const globalJob = service({
      Spec: { Mode: { GlobalJob: {} } },
      JobStatus: { JobIteration: { Index: 1 } },
    });
    const tasks = [
      done('a', 1),
      task('b', 'running', { NodeID: 'n2', JobIteration: { Index: 1 } }),
    ];
    expect(judge({ service: globalJob, tasks })).toMatchObject({ running: 1, desired: 2 });
  });
});
