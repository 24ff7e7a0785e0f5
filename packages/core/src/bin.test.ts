import { describe, expect, it } from 'vitest';
import { parseBinArgs, reportError, UsageError } from './bin.js';
import { OptionsError } from './errors.js';

function buffer() {
  let text = '';
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

describe('bins', () => {
  it('parseBinArgs returns typed values and turns parse errors into UsageError', () => {
    const parsed = parseBinArgs(
      ['--stack', 'app', 'x'],
      { stack: { type: 'string' } },
      { allowPositionals: true },
    );
    expect(parsed.values.stack).toBe('app');
    expect(parsed.positionals).toEqual(['x']);
    try {
      parseBinArgs(
        ['--nope'],
        { stack: { type: 'string' } },
        { usage: 'swarmlift-x --stack NAME' },
      );
      expect.unreachable();
    } catch (error) {
      expect(UsageError.isInstance(error)).toBe(true);
      expect((error as UsageError).message).toMatch(/--nope/);
      expect((error as UsageError).usage).toBe('swarmlift-x --stack NAME');
    }
  });

  it('reportError prints code and hint and returns the exit code', () => {
    const stderr = buffer();
    expect(
      reportError(new OptionsError({ field: 'stack', message: 'bad', hint: 'use app' }), {
        stderr,
      }),
    ).toBe(2);
    expect(stderr.text()).toBe('error [OPTIONS_INVALID]: stack: bad\nhint: use app\n');
    const usage = buffer();
    expect(
      reportError(new UsageError('unknown flag --x', { usage: 'tool [--y]' }), { stderr: usage }),
    ).toBe(2);
    expect(usage.text()).toBe('error: unknown flag --x\nusage: tool [--y]\n');
    const other = buffer();
    expect(reportError(new TypeError('boom'), { stderr: other })).toBe(1);
    expect(other.text()).toMatch(/unexpected failure.*\n.*TypeError: boom/);
  });
});
