import { assertOwnBrands, exitCodeOf, SwarmliftError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { StackNotConvergedError, StackWaiterError, stackWaiterErrorCodes } from './errors.js';
import type { StackWaitResult } from './types.js';

describe('StackWaiterError', () => {
  it('has its own brand', () => {
    expect(() => assertOwnBrands([StackWaiterError])).not.toThrow();
    expect(StackWaiterError.brand).toBe('swarmlift/stack-waiter/StackWaiterError');
  });

  it('is exact, narrows by code and keeps its category', () => {
    const error = new StackWaiterError({
      code: 'WAIT_ENGINE_FAILED',
      message: 'Could not read the stack state',
      hint: 'Check the engine.',
      category: 'unreachable',
    });
    expect(error.name).toBe('StackWaiterError');
    expect(StackWaiterError.isInstance(error)).toBe(true);
    expect(SwarmliftError.isInstance(error)).toBe(true);
    expect(
      StackWaiterError.isInstance(new SwarmliftError({ code: 'X', message: '', hint: '' })),
    ).toBe(false);
    expect(StackWaiterError.hasCode(error, 'WAIT_ENGINE_FAILED')).toBe(true);
    expect(StackWaiterError.hasCode(error, 'WAIT_STACK_EMPTY')).toBe(false);
    expect(exitCodeOf(error)).toBe(3);
  });

  it('lists its codes, all WAIT_*', () => {
    expect(stackWaiterErrorCodes.every((code) => code.startsWith('WAIT_'))).toBe(true);
  });
});

describe('StackNotConvergedError', () => {
  const result = (status: 'failed' | 'rolled_back' | 'timed_out'): StackWaitResult => ({
    stack: 'app',
    status,
    ok: false,
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:01:00Z',
    durationMs: 60_000,
    timeoutMs: 120_000,
    pending: status === 'timed_out' ? ['app_web'] : [],
    lostNodes: [],
    services: [
      {
        id: 'svc1',
        name: 'app_web',
        mode: 'replicated',
        outcome: status === 'timed_out' ? 'pending' : status,
        running: 0,
        desired: 1,
        updateState: undefined,
        reason: 'task: non-zero exit (1)',
        failedTasks: [],
      },
      {
        id: 'svc2',
        name: 'app_db',
        mode: 'replicated',
        outcome: 'unchanged',
        running: 1,
        desired: 1,
        updateState: undefined,
        reason: undefined,
        failedTasks: [],
      },
    ],
  });

  it('says which services did not converge and why, and keeps the result', () => {
    const error = new StackNotConvergedError(result('rolled_back'));
    expect(assertOwnBrands([StackWaiterError, StackNotConvergedError])).toBeUndefined();
    expect(StackNotConvergedError.isInstance(error)).toBe(true);
    expect(StackWaiterError.hasCode(error, 'WAIT_NOT_CONVERGED')).toBe(true);
    expect(error.message).toBe(
      'The deploy of stack app was rolled back: app_web rolled_back — task: non-zero exit (1)',
    );
    expect(error.result.status).toBe('rolled_back');
    expect(exitCodeOf(error)).toBe(1);
  });

  it('a timeout names the pending services and exits 5', () => {
    const error = new StackNotConvergedError(result('timed_out'));
    expect(error.message).toMatch(/did not converge within 120 s: app_web pending/);
    expect(error.hint).toMatch(/Still pending: app_web/);
    expect(exitCodeOf(error)).toBe(5);
  });
});
