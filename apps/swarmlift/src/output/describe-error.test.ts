import { SwarmliftError, UsageError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { describeError, errorLines } from './describe-error.js';

class DemoError extends SwarmliftError<'DEMO_FAILED'> {
  static override readonly brand = 'swarmlift/test/DemoError';
}

describe('describeError', () => {
  it('gives a SwarmliftError its code, message and hint', () => {
    const error = new DemoError({
      code: 'DEMO_FAILED',
      message: 'the task exited 1',
      hint: 'read the logs',
    });
    const description = describeError(error);
    expect(description).toEqual({
      code: 'DEMO_FAILED',
      message: 'the task exited 1',
      hint: 'read the logs',
      debug: undefined,
      unexpected: false,
    });
    expect(errorLines(description)).toEqual([
      'error [DEMO_FAILED]: the task exited 1',
      'hint: read the logs',
    ]);
  });

  it('gives a UsageError its message and usage line', () => {
    const lines = errorLines(
      describeError(new UsageError('unknown flag --x', { usage: 'swarmlift deploy [--json]' })),
    );
    expect(lines).toEqual(['error: unknown flag --x', 'usage: swarmlift deploy [--json]']);
  });

  it('gives an unknown error its message only, and says how to see the stack', () => {
    const error = new TypeError('x is not a function');
    const lines = errorLines(describeError(error));
    expect(lines).toEqual([
      'error: x is not a function',
      'hint: run again with SWARMLIFT_DEBUG=1 to see the stack trace',
    ]);
    expect(lines.join('\n')).not.toContain('at ');
  });

  it('adds the stack and causes with debug', () => {
    const error = new Error('outer', { cause: new Error('inner') });
    const description = describeError(error, { debug: true });
    expect(description.debug).toContain('Error: outer\n    at ');
    expect(description.debug).toContain('caused by: Error: inner');
    expect(errorLines(description).at(-1)).toBe(description.debug);
  });

  it('describes thrown non-errors', () => {
    expect(describeError('boom').message).toBe('boom');
    expect(describeError({ reason: 'x' }).message).toBe('{"reason":"x"}');
    expect(describeError(undefined).message).toBe('undefined');
    expect(describeError(new Error('')).message).toBe('Error');
  });
});
