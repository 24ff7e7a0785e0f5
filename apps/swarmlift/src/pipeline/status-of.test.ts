import { CancelledError, OptionsError, TimedOutError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { errorOf, statusOf } from './status-of.js';

describe('statusOf', () => {
  it('follows the error category', () => {
    expect(statusOf(new OptionsError({ field: 'x', message: 'bad', hint: 'h' }))).toBe('invalid');
    expect(statusOf(new CancelledError({ message: 'stop' }))).toBe('cancelled');
    expect(statusOf(new TimedOutError({ what: 'waiting', timeoutMs: 5 }))).toBe('timed_out');
    expect(statusOf(new Error('boom'))).toBe('failed');
  });

  it('errorOf keeps code, message and hint', () => {
    expect(errorOf(new OptionsError({ field: 'x', message: 'bad', hint: 'h' }))).toEqual({
      code: 'OPTIONS_INVALID',
      message: 'x: bad',
      hint: 'h',
    });
    expect(errorOf(new Error('boom'))).toEqual({
      code: undefined,
      message: 'boom',
      hint: undefined,
    });
  });
});
