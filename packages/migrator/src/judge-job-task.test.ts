import { describe, expect, it } from 'vitest';
import { type EngineTask, judgeJobTask, pickTask } from './judge-job-task.js';

const task = (
  state: string,
  extra: Partial<NonNullable<EngineTask['Status']>> = {},
  nodeId = 'node1',
): EngineTask => ({
  ID: 'task1',
  NodeID: nodeId,
  Status: { State: state, Message: state, Timestamp: '2026-11-28T10:00:00Z', ...extra },
});
const judge = (tasks: EngineTask[], now = 1_000, unschedulableSince?: number) =>
  judgeJobTask({ tasks, now, unschedulableSince, unschedulableAfterMs: 500 });

describe('judgeJobTask', () => {
  it('has nothing to say before Swarm created the task', () => {
    expect(judge([])).toEqual({
      task: undefined,
      outcome: undefined,
      unschedulableSince: undefined,
    });
  });

  it('reports a running task with its node, slot and container, and goes on', () => {
    const verdict = judge([
      {
        ...task('running', { ContainerStatus: { ContainerID: 'c1' } }),
        Slot: 1,
        DesiredState: 'running',
      },
    ]);
    expect(verdict.outcome).toBeUndefined();
    expect(verdict.task).toMatchObject({
      taskId: 'task1',
      state: 'running',
      nodeId: 'node1',
      containerId: 'c1',
      slot: 1,
      desiredState: 'running',
      exitCode: undefined,
      at: '2026-11-28T10:00:00Z',
    });
  });

  it.each([
    ['complete', 'complete'],
    ['failed', 'failed'],
    ['rejected', 'rejected'],
    ['shutdown', 'lost'],
    ['orphaned', 'lost'],
    ['remove', 'lost'],
  ])('a task in state %s ends the job as %s', (state, kind) => {
    const verdict = judge([
      task(state, {
        Err: state === 'failed' ? 'task: non-zero exit (3)' : undefined,
        ContainerStatus: { ExitCode: 3 },
      }),
    ]);
    expect(verdict.outcome).toMatchObject({
      kind,
      taskId: 'task1',
      nodeId: 'node1',
      state,
      exitCode: 3,
    });
  });

  it('tolerates "no suitable node" for unschedulableAfterMs, then gives up', () => {
    const pending = [
      task('pending', { Err: 'no suitable node (scheduling constraints not satisfied)' }, ''),
    ];
    const first = judge(pending, 1_000);
    expect(first).toMatchObject({ outcome: undefined, unschedulableSince: 1_000 });
    expect(judge(pending, 1_400, first.unschedulableSince).outcome).toBeUndefined();
    expect(judge(pending, 1_500, first.unschedulableSince).outcome).toMatchObject({
      kind: 'unschedulable',
      nodeId: undefined,
      error: 'no suitable node (scheduling constraints not satisfied)',
    });
  });

  it('starts the unschedulable clock again once the task moves on', () => {
    expect(judge([task('assigned')], 2_000, 1_000).unschedulableSince).toBeUndefined();
  });

  it('changes its key when the state, the message or the error change', () => {
    const a = judge([task('pending', { Message: 'pending task scheduling' })]).task?.key;
    const b = judge([task('pending', { Message: 'waiting' })]).task?.key;
    const c = judge([task('pending', { Message: 'waiting', Err: 'x' })]).task?.key;
    expect(new Set([a, b, c]).size).toBe(3);
  });
});

describe('pickTask', () => {
  it('takes the newest task when Swarm kept history', () => {
    const older = { ID: 'old', Status: { Timestamp: '2026-11-28T10:00:00Z' } };
    const newer = { ID: 'new', Status: { Timestamp: '2026-11-28T10:00:05Z' } };
    expect(pickTask([older, newer])?.ID).toBe('new');
    expect(pickTask([])).toBeUndefined();
  });
});
