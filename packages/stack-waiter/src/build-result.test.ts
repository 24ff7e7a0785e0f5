import { describe, expect, it } from 'vitest';
import { buildResult } from './build-result.js';
import type { StackSnapshot } from './engine-types.js';
import type { Verdict } from './judge-service.js';

const T0 = Date.parse('2024-05-01T12:00:00Z');
const snapshot: StackSnapshot = {
  services: new Map([
    ['w', { ID: 'w', Spec: { Name: 'app_web', Mode: { Replicated: { Replicas: 2 } } } }],
    ['d', { ID: 'd', Spec: { Name: 'app_db', Mode: { Replicated: { Replicas: 1 } } } }],
  ]),
  tasks: [
    { ID: 'd1', ServiceID: 'd', DesiredState: 'running', Status: { State: 'running' } },
    { ID: 'd0', ServiceID: 'd', DesiredState: 'shutdown', Status: { State: 'shutdown' } },
  ],
  upToDateTaskIds: new Set(['d1']),
  nodes: [],
};
const pending: Verdict = {
  outcome: 'pending',
  running: 1,
  desired: 2,
  updateState: 'updating',
  reason: 'update in progress: 1/2 tasks running',
  failedTaskIds: [],
  stableSince: undefined,
  recheckAt: undefined,
};

describe('buildResult', () => {
  it('lists every target: judged with its verdict, untouched with its counts, missing as failed', () => {
    const result = buildResult({
      stack: 'app',
      status: 'timed_out',
      rollbackIsSuccess: false,
      startedMs: T0,
      finishedMs: T0 + 8000,
      timeoutMs: 8000,
      snapshot,
      services: [
        {
          target: { kind: 'judge', id: 'w', name: 'app_web', expectation: { action: 'current' } },
          verdict: pending,
          failedTasks: [],
        },
        {
          target: { kind: 'unchanged', id: 'd', name: 'app_db' },
          verdict: undefined,
          failedTasks: [],
        },
        {
          target: { kind: 'missing', id: 'x', name: 'app_gone' },
          verdict: undefined,
          failedTasks: [],
        },
      ],
    });
    expect(result).toMatchObject({
      stack: 'app',
      status: 'timed_out',
      ok: false,
      startedAt: '2024-05-01T12:00:00.000Z',
      finishedAt: '2024-05-01T12:00:08.000Z',
      durationMs: 8000,
      timeoutMs: 8000,
      pending: ['app_web'],
    });
    expect(result.services).toEqual([
      expect.objectContaining({ name: 'app_web', outcome: 'pending', running: 1, desired: 2 }),
      expect.objectContaining({ name: 'app_db', outcome: 'unchanged', running: 1, desired: 1 }),
      expect.objectContaining({
        name: 'app_gone',
        outcome: 'failed',
        reason: 'the deploy record names this service, but it no longer exists',
      }),
    ]);
  });

  it('a rollback is ok only with rollbackIsSuccess', () => {
    const base = {
      stack: 'app',
      startedMs: T0,
      finishedMs: T0,
      timeoutMs: 1,
      snapshot: undefined,
      services: [],
    };
    expect(buildResult({ ...base, status: 'rolled_back', rollbackIsSuccess: false }).ok).toBe(
      false,
    );
    expect(buildResult({ ...base, status: 'rolled_back', rollbackIsSuccess: true }).ok).toBe(true);
    expect(buildResult({ ...base, status: 'converged', rollbackIsSuccess: false }).ok).toBe(true);
  });
});
