import { describe, expect, it } from 'vitest';
import { normalizeHealthcheck } from './normalize-healthcheck.js';

const at = ['services', 'web'];

describe('normalizeHealthcheck', () => {
  it('a string test runs in a shell; durations become nanoseconds', () => {
    expect(
      normalizeHealthcheck({ test: 'curl -f localhost', interval: '10s', retries: 3 }, at),
    ).toStrictEqual({
      value: {
        test: ['CMD-SHELL', 'curl -f localhost'],
        interval: 10_000_000_000,
        timeout: undefined,
        retries: 3,
        start_period: undefined,
        start_interval: undefined,
        disable: undefined,
      },
      problems: [],
    });
  });

  it('a list test is kept; no healthcheck stays undefined', () => {
    expect(normalizeHealthcheck({ test: ['CMD', 'true'] }, at).value?.test).toEqual([
      'CMD',
      'true',
    ]);
    expect(normalizeHealthcheck(undefined, at)).toEqual({ value: undefined, problems: [] });
  });

  it('reports bad durations in field order, then test with disable', () => {
    const result = normalizeHealthcheck(
      { test: 'true', interval: 'x', start_interval: 'y', disable: true },
      at,
    );
    expect(result.problems).toEqual([
      {
        path: [...at, 'healthcheck', 'interval'],
        message: expect.stringMatching(/^"x" is not a duration/),
      },
      {
        path: [...at, 'healthcheck', 'start_interval'],
        message: expect.stringMatching(/^"y" is not a duration/),
      },
      { path: [...at, 'healthcheck'], message: 'test and disable cannot be set at the same time' },
    ]);
  });

  it('disable with an empty test is fine', () => {
    expect(normalizeHealthcheck({ test: [], disable: true }, at).problems).toEqual([]);
  });
});
