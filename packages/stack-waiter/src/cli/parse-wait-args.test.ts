import { UsageError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { parseWaitArgs } from './parse-wait-args.js';

describe('parseWaitArgs', () => {
  it("reads docker-stack-wait.sh's options and remote's connection flags", () => {
    expect(
      parseWaitArgs([
        '-t',
        '300',
        '-r',
        '-n',
        'web',
        '-n',
        'worker',
        'mystack',
        '--json',
        '-H',
        'ssh://deploy@203.0.113.10',
        '-i',
        '/keys/deploy',
        '--host-key-fingerprint',
        'SHA256:abc',
      ]),
    ).toEqual({
      kind: 'run',
      args: {
        stack: 'mystack',
        timeoutMs: 300_000,
        rollbackIsSuccess: true,
        services: ['web', 'worker'],
        since: undefined,
        json: true,
        connect: {
          host: 'ssh://deploy@203.0.113.10',
          'identity-file': '/keys/deploy',
          'host-key-fingerprint': 'SHA256:abc',
          'known-hosts': undefined,
        },
      },
    });
  });

  it('answers --help and --version', () => {
    expect(parseWaitArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseWaitArgs(['-h', 'stack'])).toEqual({ kind: 'help' });
    expect(parseWaitArgs(['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [[], 'STACK is missing'],
    [['a', 'b'], 'one STACK expected, got 2: a b'],
    [['s', '-t', '0'], '--timeout: "0" is not a positive number of seconds'],
    [['s', '-t', 'abc'], '--timeout: "abc" is not a positive number of seconds'],
    [['s', '--since', 'yesterday'], '--since: "yesterday" is not an ISO 8601 time'],
    [['s', '--bogus'], "Unknown option '--bogus'"],
    [['s', '--identity', 'key'], "Unknown option '--identity'"],
  ])('refuses %j with a usage error naming the problem', (argv, message) => {
    expect(() => parseWaitArgs(argv)).toThrow(UsageError);
    expect(() => parseWaitArgs(argv)).toThrow(message);
  });
});
