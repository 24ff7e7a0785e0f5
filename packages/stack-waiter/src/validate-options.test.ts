import { OptionsError } from '@swarmlift/core';
import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { validateWaitOptions } from './validate-options.js';

const remote = { docker: {} as Dockerode };

describe('validateWaitOptions', () => {
  it('fills the defaults', () => {
    expect(validateWaitOptions({ remote, stack: 'app' })).toEqual({
      stack: 'app',
      sinceMs: undefined,
      rollbackIsSuccess: false,
      maxTaskFailures: 3,
      reconcileIntervalMs: 5000,
      logTail: 50,
    });
    expect(
      validateWaitOptions({ remote, stack: 'app', since: '2024-05-01T12:00:00Z' }).sinceMs,
    ).toBe(Date.parse('2024-05-01T12:00:00Z'));
  });

  it.each([
    [{ stack: '' }, 'stack: "" is not a valid stack name'],
    [{ stack: 'my stack' }, 'stack: "my stack" is not a valid stack name'],
    [{ timeoutMs: -1 }, 'timeoutMs: -1 is not a positive number'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs: NaN is not a positive number'],
    [{ since: 'soon' }, 'since: "soon" is not a date'],
    [{ services: ['web', ' '] }, 'services: must be a list of service names'],
    [
      { record: { stack: 'other', startedAt: '', services: [] } },
      'record.stack: the deploy record is for stack "other", not "app"',
    ],
  ])('names the field of bad input %j', (bad, message) => {
    expect(() => validateWaitOptions({ remote, stack: 'app', ...bad })).toThrow(message);
  });

  it("throws core's OptionsError with the field", () => {
    const error = (() => {
      try {
        validateWaitOptions({ remote, stack: 'app', logTail: 1.5 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(OptionsError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'OPTIONS_INVALID', field: 'logTail', category: 'invalid' });
  });

  it('refuses a missing remote', () => {
    expect(() => validateWaitOptions({ stack: 'app' } as never)).toThrow(
      expect.objectContaining({
        code: 'OPTIONS_INVALID',
        message: expect.stringMatching(/^remote:/),
      }),
    );
  });
});
