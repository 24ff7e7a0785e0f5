import { describe, expect, it } from 'vitest';
import { formatEvent, formatResult } from './format-result.js';
import type { StackWaitResult } from './types.js';

describe('formatResult', () => {
  it('shows each service, then each failed task with its error, exit code, health output and logs', () => {
    const result: StackWaitResult = {
      stack: 'app',
      status: 'rolled_back',
      ok: false,
      startedAt: '2024-05-01T12:00:00.000Z',
      finishedAt: '2024-05-01T12:00:12.300Z',
      durationMs: 12_300,
      timeoutMs: 100_000,
      pending: [],
      lostNodes: [],
      services: [
        {
          name: 'app_web',
          id: 'w',
          mode: 'replicated',
          outcome: 'rolled_back',
          running: 2,
          desired: 2,
          updateState: 'rollback_completed',
          reason: 'update rolled back after a task failed: task: non-zero exit (1)',
          failedTasks: [
            {
              id: 'task1',
              slot: 1,
              state: 'failed',
              error: 'task: non-zero exit (1)',
              message: 'started',
              exitCode: 1,
              nodeId: 'n1',
              node: 'manager-1',
              createdAt: '2024-05-01T12:00:01Z',
              healthOutput: 'db down',
              logs: ['booting', 'fatal: no config'],
            },
          ],
        },
      ],
    };
    expect(formatResult(result)).toBe(
      [
        'stack app: ROLLED BACK (12.3 s)',
        '  app_web  rolled_back 2/2  update rolled back after a task failed: task: non-zero exit (1)',
        '    task task1 (slot 1) failed on manager-1: task: non-zero exit (1), exit code 1',
        '      health check: db down',
        '      | booting',
        '      | fatal: no config',
        '',
      ].join('\n'),
    );
  });
});

describe('formatEvent', () => {
  it('says which node was lost, what it held, and when it is back', () => {
    const event = {
      type: 'node_state' as const,
      stack: 'app',
      node: 'w1',
      nodeId: 'n1',
      state: 'down',
      availability: 'active',
      back: false,
      services: ['app_web'],
    };
    expect(formatEvent(event)).toBe('node w1 down: it holds tasks of app_web');
    expect(formatEvent({ ...event, state: 'ready', back: true })).toBe(
      'node w1 is available again (ready, active)',
    );
  });

  it('gives one line per event, through core for durations and warnings', () => {
    expect(
      formatEvent({ type: 'watching', stack: 'app', services: ['app_web'], timeoutMs: 100_000 }),
    ).toBe('stack app: waiting for app_web (timeout 1 min 40 s)');
    expect(
      formatEvent({
        type: 'task_state',
        stack: 'app',
        service: 'app_web',
        taskId: 'me14w95klwrz6id56vif9jrkx',
        slot: 1,
        node: 'manager-1',
        state: 'failed',
        desiredState: 'shutdown',
        error: 'task: non-zero exit (1)',
        exitCode: 1,
      }),
    ).toBe('app_web: task me14w95klwrz (slot 1) failed on manager-1 — task: non-zero exit (1)');
    expect(
      formatEvent({
        type: 'task_state',
        service: 'app_web',
        taskId: 'abc',
        state: 'failed',
        desiredState: 'shutdown',
        error: 'unhealthy container',
        exitCode: 137,
      }),
    ).toBe('app_web: task abc failed — unhealthy container, exit code 137');
    expect(
      formatEvent({
        type: 'service_done',
        stack: 'app',
        service: 'app_web',
        outcome: 'converged',
      }),
    ).toBe('app_web: converged');
    expect(
      formatEvent({
        type: 'warning',
        code: 'WAIT_EVENT_STREAM_LOST',
        stack: 'app',
        message: 'The event stream was lost.\nmore',
      }),
    ).toBe('warning [WAIT_EVENT_STREAM_LOST] stack app: The event stream was lost. …');
  });

  it('no line ends with a newline', () => {
    const line = formatEvent({
      type: 'replicas',
      stack: 'app',
      service: 'app_web',
      running: 1,
      desired: 2,
    });
    expect(line).toBe('app_web: 1/2');
  });
});
