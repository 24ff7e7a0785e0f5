import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSshConfig } from './ssh-config.js';

describe('resolveSshConfig', () => {
  let dir: string;
  let configPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sltest-sshconfig-'));
    configPath = join(dir, 'config');
    await writeFile(
      configPath,
      [
        'Host prod-manager',
        '  HostName 203.0.113.10',
        '  User deploy',
        '  Port 2222',
        '  IdentityFile ~/.ssh/id_%r_%h',
        '  UserKnownHostsFile ~/.ssh/known_hosts.d/%h /etc/ssh/extra_known',
        'Host *.internal',
        '  HostName %h.example.com',
        'Host *',
        '  User fallback',
        '  IdentityFile ~/.ssh/id_default',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('resolves an alias with first-value-wins and expands ~ and tokens', async () => {
    expect(await resolveSshConfig({ host: 'prod-manager', configPath })).toEqual({
      hostName: '203.0.113.10',
      user: 'deploy',
      port: 2222,
      identityFiles: [
        join(homedir(), '.ssh/id_deploy_203.0.113.10'),
        join(homedir(), '.ssh/id_default'),
      ],
      userKnownHostsFiles: [
        join(homedir(), '.ssh/known_hosts.d/203.0.113.10'),
        '/etc/ssh/extra_known',
      ],
    });
  });

  it('lets the target user and port win, and expands %h in HostName', async () => {
    const result = await resolveSshConfig({
      host: 'db.internal',
      configPath,
      user: 'ci',
      port: 22,
    });
    expect(result).toMatchObject({ hostName: 'db.internal.example.com', user: 'ci', port: 22 });
  });

  it('treats a missing config as empty', async () => {
    expect(await resolveSshConfig({ host: 'x', configPath: join(dir, 'missing') })).toEqual({
      hostName: undefined,
      user: undefined,
      port: undefined,
      identityFiles: [],
      userKnownHostsFiles: [],
    });
    expect(userInfo().username).toBeTruthy();
  });
});
