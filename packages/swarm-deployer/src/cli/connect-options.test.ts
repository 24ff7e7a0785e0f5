import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectOptionsFor } from './connect-options.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'connect-options-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('connectOptionsFor', () => {
  it('uses DOCKER_HOST, and the local socket by default', async () => {
    expect(await connectOptionsFor({}, { HOME: home })).toMatchObject({
      target: 'unix:///var/run/docker.sock',
    });
    const unix = await connectOptionsFor({}, { HOME: home, DOCKER_HOST: 'unix:///run/d.sock' });
    expect(unix.target).toBe('unix:///run/d.sock');
    expect(unix.hostKey).toBeUndefined();
  });
  it('verifies ssh targets through ~/.ssh/config and known_hosts, or the one explicit pin', async () => {
    const plain = await connectOptionsFor({}, { HOME: home, DOCKER_HOST: 'ssh://u@h:22' });
    expect(plain).toMatchObject({ useSshConfig: true, hostKey: {} });
    expect(plain.hostKey?.trustOnFirstUse).toBeUndefined();
    const pinned = await connectOptionsFor(
      {},
      { HOME: home, DOCKER_HOST: 'ssh://u@h', SSH_HOST_KEY: 'SHA256:abc' },
    );
    expect(pinned.hostKey).toEqual({ fingerprint: 'SHA256:abc', knownHostsFile: [] });
    const line = 'h ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK';
    const fromFlag = await connectOptionsFor(
      { hostKey: line, knownHosts: '/kh' },
      { HOME: home, DOCKER_HOST: 'ssh://u@h', SSH_HOST_KEY: 'SHA256:ignored' },
    );
    expect(fromFlag.hostKey).toEqual({ knownHosts: line, knownHostsFile: '/kh' });
  });
  it('picks the key like ssh: -i, SSH_PRIVATE_KEY, the agent, ~/.ssh/config, then ~/.ssh/id_*', async () => {
    const ssh = { HOME: home, DOCKER_HOST: 'ssh://u@h' };
    expect(
      await connectOptionsFor({ identityFile: '/k' }, { ...ssh, SSH_PRIVATE_KEY: 'x' }),
    ).toMatchObject({ privateKeyPath: '/k' });
    expect(await connectOptionsFor({}, { ...ssh, SSH_PRIVATE_KEY: 'key text' })).toMatchObject({
      privateKey: 'key text',
    });
    expect(await connectOptionsFor({}, { ...ssh, SSH_AUTH_SOCK: '/a.sock' })).toMatchObject({
      agent: true,
    });
    await mkdir(join(home, '.ssh'));
    await writeFile(join(home, '.ssh', 'id_rsa'), 'k');
    expect(await connectOptionsFor({}, ssh)).toMatchObject({
      privateKeyPath: join(home, '.ssh', 'id_rsa'),
    });
    await writeFile(join(home, '.ssh', 'config'), 'Host h\n  IdentityFile ~/.ssh/other\n');
    expect((await connectOptionsFor({}, ssh)).privateKeyPath).toBeUndefined();
  });
});
