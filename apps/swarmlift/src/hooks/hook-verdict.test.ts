import { describe, expect, it } from 'vitest';
import { judgeHook } from './hook-verdict.js';
import type { HookProcessResult } from './run-hook-process.js';

const result = (overrides: Partial<HookProcessResult>): HookProcessResult => ({
  exitCode: 0,
  signal: null,
  timedOut: false,
  cancelled: false,
  spawnError: undefined,
  durationMs: 400,
  ...overrides,
});

describe('judgeHook', () => {
  it('is ok only for exit code 0', () => {
    expect(judgeHook('pre-deploy', result({}), 300_000)).toEqual({
      ok: true,
      outcome: 'ok',
      summary: 'pre-deploy hook finished in 0.4 s',
    });
    expect(judgeHook('pre-deploy', result({ exitCode: 3 }), 300_000)).toMatchObject({
      ok: false,
      outcome: 'failed',
      summary: 'pre-deploy hook exited with 3 after 0.4 s',
    });
  });
  it('tells a timeout, a cancel, a kill and a program not found apart', () => {
    expect(
      judgeHook(
        'post-deploy',
        result({ exitCode: null, signal: 'SIGTERM', timedOut: true }),
        5_000,
      ),
    ).toMatchObject({
      outcome: 'timed_out',
      summary: expect.stringContaining('5.0 s (hooks.timeout)'),
    });
    expect(
      judgeHook(
        'on-failure',
        result({ exitCode: null, signal: 'SIGTERM', cancelled: true }),
        5_000,
      ),
    ).toMatchObject({ outcome: 'cancelled' });
    expect(
      judgeHook('on-failure', result({ exitCode: null, signal: 'SIGKILL' }), 5_000).summary,
    ).toBe('on-failure hook was killed by SIGKILL after 0.4 s');
    expect(
      judgeHook('pre-deploy', result({ exitCode: null, spawnError: 'nope was not found' }), 5_000),
    ).toMatchObject({
      ok: false,
      outcome: 'failed',
      summary: 'pre-deploy hook could not start: nope was not found',
    });
  });
});
