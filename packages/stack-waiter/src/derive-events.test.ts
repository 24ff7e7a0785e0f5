import { describe, expect, it } from 'vitest';
import { deriveEvents } from './derive-events.js';
import type { EngineService, EngineTask, StackSnapshot } from './engine-types.js';
import type { Verdict } from './judge-service.js';
import type { JudgedTarget } from './judge-stack.js';

const web: JudgedTarget = {
  kind: 'judge',
  id: 'svc',
  name: 'app_web',
  expectation: { action: 'current' },
};
const service = (update?: EngineService['UpdateStatus']): EngineService => ({
  ID: 'svc',
  Spec: { Name: 'app_web' },
  ...(update ? { UpdateStatus: update } : {}),
});
const task = (ID: string, state: string, extra: Partial<EngineTask> = {}): EngineTask => ({
  ID,
  ServiceID: 'svc',
  NodeID: 'n1',
  Slot: 1,
  DesiredState: 'running',
  Status: { State: state },
  ...extra,
});
const snapshot = (tasks: EngineTask[], svc = service()): StackSnapshot => ({
  services: new Map([['svc', svc]]),
  tasks,
  upToDateTaskIds: new Set(tasks.map((t) => t.ID)),
  nodes: [{ ID: 'n1', Description: { Hostname: 'manager-1' } }],
});
const verdict = (extra: Partial<Verdict> = {}): Verdict => ({
  outcome: 'pending',
  running: 0,
  desired: 1,
  updateState: undefined,
  reason: undefined,
  failedTaskIds: [],
  stableSince: undefined,
  recheckAt: undefined,
  ...extra,
});
const derive = (input: {
  snapshot: StackSnapshot;
  previous?: Verdict | undefined;
  verdict: Verdict;
  taskStates?: Map<string, string>;
}) =>
  deriveEvents({
    stack: 'app',
    snapshot: input.snapshot,
    targets: [web],
    previous: new Map(input.previous ? [['svc', input.previous]] : []),
    verdicts: new Map([['svc', input.verdict]]),
    taskStates: input.taskStates ?? new Map(),
  });

describe('deriveEvents', () => {
  it('reports the update state, each task state and the counts, in that order', () => {
    const { events, taskStates } = derive({
      snapshot: snapshot(
        [task('t1', 'starting')],
        service({ State: 'updating', Message: 'update in progress' }),
      ),
      verdict: verdict({ updateState: 'updating' }),
    });
    expect(events).toEqual([
      {
        type: 'service_update',
        stack: 'app',
        service: 'app_web',
        state: 'updating',
        message: 'update in progress',
      },
      {
        type: 'task_state',
        stack: 'app',
        service: 'app_web',
        taskId: 't1',
        slot: 1,
        node: 'manager-1',
        state: 'starting',
        desiredState: 'running',
        message: undefined,
        error: undefined,
        exitCode: undefined,
      },
      { type: 'replicas', stack: 'app', service: 'app_web', running: 0, desired: 1 },
    ]);
    expect(taskStates.get('t1')).toBe('starting');
  });

  it('reports only what changed since the last judgement', () => {
    const previous = verdict({ updateState: 'updating' });
    const { events } = derive({
      snapshot: snapshot([task('t1', 'starting')]),
      previous,
      verdict: verdict({ updateState: 'updating' }),
      taskStates: new Map([['t1', 'starting']]),
    });
    expect(events).toEqual([]);
  });

  it('gives an ended task its error and exit code, and a final verdict its outcome', () => {
    const failed = task('t1', 'failed', {
      DesiredState: 'shutdown',
      Status: {
        State: 'failed',
        Err: 'task: non-zero exit (1)',
        Message: 'started',
        ContainerStatus: { ExitCode: 1 },
      },
    });
    const { events } = derive({
      snapshot: snapshot([failed]),
      previous: verdict(),
      verdict: verdict({ outcome: 'failed', reason: 'job task failed', failedTaskIds: ['t1'] }),
      taskStates: new Map([['t1', 'running']]),
    });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'task_state',
        state: 'failed',
        desiredState: 'shutdown',
        message: 'started',
        error: 'task: non-zero exit (1)',
        exitCode: 1,
      }),
      {
        type: 'service_done',
        stack: 'app',
        service: 'app_web',
        outcome: 'failed',
        reason: 'job task failed',
      },
    ]);
  });

  it('leaves out old tasks already shut down when the wait began, but remembers them', () => {
    const old = task('old', 'shutdown', { DesiredState: 'shutdown' });
    const { events, taskStates } = derive({ snapshot: snapshot([old]), verdict: verdict() });
    expect(events.filter((e) => e.type === 'task_state')).toEqual([]);
    expect(taskStates.get('old')).toBe('shutdown');
  });

  it('says nothing more about a service whose verdict was already final', () => {
    const final = verdict({ outcome: 'converged', running: 1 });
    const { events } = derive({
      snapshot: snapshot([task('t2', 'running')]),
      previous: final,
      verdict: final,
    });
    expect(events).toEqual([]);
  });
});
