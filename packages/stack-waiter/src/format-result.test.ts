import { describe, expect, it } from 'vitest';
import { formatResult } from './format-result.js';
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
