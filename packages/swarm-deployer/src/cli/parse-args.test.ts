import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './parse-args.js';

describe('parseCliArgs', () => {
  it('reads deploy like docker stack deploy', () => {
    expect(
      parseCliArgs([
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
      ssh: {},
    });
  });
  it('turns --dry-run into a plan, and reads rm and the SSH flags', () => {
    expect(parseCliArgs(['deploy', '--dry-run', '-c', 'a.yml', 's'])).toMatchObject({
      command: 'plan',
      dryRun: true,
    });
    expect(parseCliArgs(['plan', '-c', 'a.yml', 's'])).toMatchObject({
      command: 'plan',
      resolveImage: 'always',
    });
    expect(parseCliArgs(['rm', '--ssh-host-key', 'SHA256:x', '-i', '/k', 's'])).toEqual({
      command: 'rm',
      stack: 's',
      ssh: { hostKey: 'SHA256:x', identityFile: '/k' },
    });
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
  });
  it.each([
    [[], 'No command'],
    [['up', 's'], 'Unknown command "up"'],
    [['deploy', 's'], 'at least one compose file'],
    [['deploy', '-c', 'a.yml'], 'needs the stack name'],
    [['deploy', '-c', 'a.yml', 'a', 'b'], 'one stack name'],
    [['deploy', '-c', 'a.yml', '--resolve-image', 'sometimes', 's'], 'always, changed or never'],
    [['deploy', '-c', 'a.yml', '--frobnicate', 's'], 'frobnicate'],
    [['deploy', '-c', 'a.yml', '-bad'], 'frobnicate|Unknown option'],
    [['rm', '_bad'], 'Invalid stack name'],
  ])('rejects %j with USAGE_INVALID', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(
      expect.objectContaining({
        code: 'USAGE_INVALID',
        message: expect.stringMatching(new RegExp(message)),
      }),
    );
  });
});
