import { assertOwnBrands, exitCodeOf, SwarmliftError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { StackWaiterError, stackWaiterErrorCodes } from './errors.js';

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
