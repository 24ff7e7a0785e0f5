import { describe, expect, it } from 'vitest';
import { parseWaitArgs, UsageError } from './parse-wait-args.js';

describe('parseWaitArgs', () => {
  it("reads docker-stack-wait.sh's options", () => {
    expect(
      parseWaitArgs(['-t', '300', '-r', '-n', 'web', '-n', 'worker', 'mystack', '--json']),
    ).toEqual({
      kind: 'run',
      args: {
        stack: 'mystack',
        timeoutMs: 300_000,
        rollbackIsSuccess: true,
        services: ['web', 'worker'],
        since: undefined,
        json: true,
        identity: undefined,
        knownHosts: undefined,
      },
    });
  });

  it('answers --help', () => {
    expect(parseWaitArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'STACK is missing'],
    [['a', 'b'], 'one STACK expected, got 2: a b'],
    [['s', '-t', '0'], '--timeout: "0" is not a positive number of seconds'],
    [['s', '-t', 'abc'], '--timeout: "abc" is not a positive number of seconds'],
    [['s', '--since', 'yesterday'], '--since: "yesterday" is not an ISO 8601 time'],
    [['s', '--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with a usage error naming the problem', (argv, message) => {
    expect(() => parseWaitArgs(argv)).toThrow(UsageError);
    expect(() => parseWaitArgs(argv)).toThrow(message);
  });
});
