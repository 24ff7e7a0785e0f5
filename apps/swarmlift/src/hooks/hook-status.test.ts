import { CancelledError, TimedOutError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { errorCodeOf, failureStatusOf } from './hook-status.js';

describe('failureStatusOf', () => {
  it('is cancelled for Ctrl-C, timed_out for a deadline, failed for everything else', () => {
    expect(failureStatusOf(new CancelledError())).toBe('cancelled');
    expect(failureStatusOf(new TimedOutError({ what: 'Waiting', timeoutMs: 5 }))).toBe('timed_out');
    const notConverged = new CliError({
      code: 'CLI_DEPLOY_NOT_CONVERGED',
      message: 'The deploy of abc was rolled back by Swarm',
      hint: 'h',
    });
    expect(failureStatusOf(notConverged)).toBe('failed');
    expect(
      failureStatusOf(
        new CliError({
          code: 'CLI_DEPLOY_NOT_CONVERGED',
          category: 'timed_out',
          message: 'm',
          hint: 'h',
        }),
      ),
    ).toBe('timed_out');
    expect(failureStatusOf(new Error('boom'))).toBe('failed');
  });
});

describe('errorCodeOf', () => {
  it('gives a swarmlift error’s code, nothing for a foreign one', () => {
    expect(errorCodeOf(new CancelledError())).toBe('CANCELLED');
    expect(errorCodeOf(new Error('x'))).toBeUndefined();
  });
});
