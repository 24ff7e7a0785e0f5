import { describe, expect, it } from 'vitest';
import { checkFunction, checkSignal, checkTimeoutMs } from './check-options.js';
import { OptionsError } from './errors.js';

const fieldOf = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return OptionsError.isInstance(error) ? error.field : 'other error';
  }
};

describe('option checks', () => {
  it('checkTimeoutMs accepts a positive finite number or nothing', () => {
    expect(checkTimeoutMs(undefined)).toBeUndefined();
    expect(checkTimeoutMs(1_000)).toBe(1_000);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '100', null])
      expect(fieldOf(() => checkTimeoutMs(bad, 'waitTimeoutMs'))).toBe('waitTimeoutMs');
  });

  it('checkSignal accepts an AbortSignal or nothing', () => {
    const signal = new AbortController().signal;
    expect(checkSignal(signal)).toBe(signal);
    expect(checkSignal(undefined)).toBeUndefined();
    expect(fieldOf(() => checkSignal({ aborted: false }))).toBe('signal');
  });

  it('checkFunction accepts a function or nothing', () => {
    expect(fieldOf(() => checkFunction(() => {}, 'onEvent'))).toBe('accepted');
    expect(fieldOf(() => checkFunction(undefined, 'onEvent'))).toBe('accepted');
    expect(fieldOf(() => checkFunction('log', 'onLog'))).toBe('onLog');
  });
});
