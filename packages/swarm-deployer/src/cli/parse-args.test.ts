import { UsageError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { parseStackArgs } from './parse-args.js';

describe('parseStackArgs', () => {
  it('reads deploy like docker stack deploy', () => {
    expect(
      parseStackArgs([
        'deploy',
        '-c',
        'a.yml',
        '--compose-file',
        'b.yml',
        '--prune',
        '--with-registry-auth',
        '--resolve-image',
        'changed',
        'shop',
      ]),
    ).toEqual({
      command: 'deploy',
      stack: 'shop',
      files: ['a.yml', 'b.yml'],
      prune: true,
      withRegistryAuth: true,
      resolveImage: 'changed',
      dryRun: false,
      connect: {},
    });
  });
  it('turns --dry-run into a plan, and reads rm and the connection flags every bin has', () => {
    expect(parseStackArgs(['deploy', '--dry-run', '-c', 'a.yml', 's'])).toMatchObject({
      command: 'plan',
      dryRun: true,
    });
    expect(parseStackArgs(['plan', '-c', 'a.yml', 's'])).toMatchObject({
      command: 'plan',
      resolveImage: 'always',
    });
    expect(
      parseStackArgs([
        'rm',
        '-H',
        'ssh://deploy@h',
        '--host-key-fingerprint',
        'SHA256:x',
        '-i',
        '/k',
        '--known-hosts',
        '/kh',
        's',
      ]),
    ).toEqual({
      command: 'rm',
      stack: 's',
      connect: {
        host: 'ssh://deploy@h',
        'host-key-fingerprint': 'SHA256:x',
        'identity-file': '/k',
        'known-hosts': '/kh',
      },
    });
    expect(parseStackArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseStackArgs(['--version'])).toEqual({ command: 'version' });
  });
  it.each([
    [[], 'No command'],
    [['up', 's'], 'Unknown command "up"'],
    [['deploy', 's'], 'at least one compose file'],
    [['deploy', '-c', 'a.yml'], 'needs the stack name'],
    [['deploy', '-c', 'a.yml', 'a', 'b'], 'one stack name'],
    [['deploy', '-c', 'a.yml', '--resolve-image', 'sometimes', 's'], 'always, changed or never'],
    [['deploy', '-c', 'a.yml', '--frobnicate', 's'], 'frobnicate'],
    [['rm', '--ssh-host-key', 'SHA256:x', 's'], 'ssh-host-key'],
    [['rm', '_bad'], 'Invalid stack name'],
  ])('rejects %j with a UsageError (exit 2, no code)', (argv, message) => {
    let error: unknown;
    try {
      parseStackArgs(argv);
    } catch (caught) {
      error = caught;
    }
    expect(UsageError.isInstance(error)).toBe(true);
    expect((error as UsageError).message).toMatch(new RegExp(message));
    expect((error as { code?: unknown }).code).toBeUndefined();
  });
});
