import { describe, expect, it } from 'vitest';
import { DEFAULT_TAIL, parseLogsOptions } from './logs-options.js';

const NOW = Date.parse('2026-11-28T10:00:00Z');
const parse = (positionals: string[], options: Record<string, string | boolean> = {}) =>
  parseLogsOptions({ positionals, options, appService: 'django', now: NOW });

describe('parseLogsOptions', () => {
  it('defaults: APP_SERVICE, the last 100 lines of each task, no follow, no task ids', () => {
    expect(parse([])).toEqual({
      service: 'django',
      follow: false,
      since: undefined,
      tail: DEFAULT_TAIL,
      task: false,
    });
    expect(DEFAULT_TAIL).toBe(100);
  });

  it('reads the service, -f, --task, -n and --since as a duration back from now or a time', () => {
    expect(parse(['edge'], { follow: true, task: true, tail: '5', since: '10m' })).toEqual({
      service: 'edge',
      follow: true,
      since: new Date(NOW - 600_000),
      tail: 5,
      task: true,
    });
    expect(parse([], { since: '1h30m' }).since).toEqual(new Date(NOW - 5_400_000));
    expect(parse([], { since: '2026-11-28T09:00:00Z' }).since).toEqual(
      new Date('2026-11-28T09:00:00Z'),
    );
    expect(parse([], { tail: 'all' }).tail).toBeUndefined();
    expect(parse([], { tail: '0' }).tail).toBe(0);
  });

  it.each([
    [{ since: 'yesterday' }, '--since'],
    [{ since: '-5m' }, '--since'],
    [{ tail: '-1' }, '--tail'],
    [{ tail: 'lots' }, '--tail'],
  ])('%o is CLI_LOGS_OPTION_INVALID (exit 2) naming the flag', (options, flag) => {
    let error: unknown;
    try {
      parse([], options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'CLI_LOGS_OPTION_INVALID', category: 'invalid' });
    expect((error as Error).message.startsWith(flag)).toBe(true);
  });
});
