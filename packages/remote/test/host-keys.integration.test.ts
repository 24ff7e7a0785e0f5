import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIntegration, type PrivateSshd, startPrivateSshd } from '@swarmlift/testkit';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, type RemoteEvent } from '../src/index.js';
import { knownHostsHost, rejectionOf, sshOptions } from './helpers.js';

describeIntegration('host key verification', (env) => {
  let dir: string;
  let multi: PrivateSshd;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sltest-hostkeys-'));
    multi = await startPrivateSshd(env, { hostKeyTypes: ['rsa', 'ecdsa', 'ed25519'] });
  });
  afterAll(async () => {
    await multi?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const connectAndClose = async (options: Parameters<typeof sshOptions>[1]) => {
    const remote = await connect(sshOptions(env, options));
    const key = remote.hostKey;
    await remote.close();
    return key;
  };

  it('accepts the known_hosts file written by the test environment', async () => {
    const key = await connectAndClose({ hostKey: { knownHostsFile: env.SSH_KNOWN_HOSTS_PATH } });
    expect(key?.fingerprint).toBe(env.SSH_HOST_KEY_FINGERPRINT);
  });

  it('accepts a hashed known_hosts file (ssh-keygen -H)', async () => {
    const hashed = join(dir, 'known_hosts_hashed');
    await copyFile(env.SSH_KNOWN_HOSTS_PATH, hashed);
    await execa('ssh-keygen', ['-H', '-f', hashed]);
    const text = await readFile(hashed, 'utf8');
    expect(text).toMatch(/^\|1\|/);
    expect(text).not.toContain(env.SSH_HOST);
    const key = await connectAndClose({ hostKey: { knownHostsFile: hashed } });
    expect(key?.fingerprint).toBe(env.SSH_HOST_KEY_FINGERPRINT);
  });

  it('accepts known_hosts lines given as text, and the whole ssh-keygen -lf output line', async () => {
    const line = await readFile(env.SSH_KNOWN_HOSTS_PATH, 'utf8');
    expect((await connectAndClose({ hostKey: { knownHosts: line } }))?.keyType).toBe('ssh-ed25519');
    const { stdout } = await execa('ssh-keygen', ['-lf', env.SSH_KNOWN_HOSTS_PATH]);
    expect((await connectAndClose({ hostKey: { fingerprint: stdout } }))?.fingerprint).toBe(
      env.SSH_HOST_KEY_FINGERPRINT,
    );
  });

  it('verifies whichever key type is pinned when the server has several', async () => {
    const target = `ssh://${env.SSH_USER}@127.0.0.1:${multi.port}`;
    for (const pinned of multi.hostKeys) {
      const byFingerprint = await connectAndClose({
        target,
        hostKey: { fingerprint: pinned.fingerprint },
      });
      expect(byFingerprint).toMatchObject({
        keyType: pinned.type,
        fingerprint: pinned.fingerprint,
      });
      const byLine = await connectAndClose({
        target,
        hostKey: { knownHosts: pinned.knownHostsLine },
      });
      expect(byLine).toMatchObject({ keyType: pinned.type, fingerprint: pinned.fingerprint });
    }
  });

  it('refuses a wrong fingerprint with SSH_HOST_KEY_MISMATCH naming both fingerprints', async () => {
    const wrong = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const started = Date.now();
    const error = await rejectionOf(connect(sshOptions(env, { hostKey: { fingerprint: wrong } })));
    expect(error.code).toBe('SSH_HOST_KEY_MISMATCH');
    expect(error.message).toContain(wrong);
    expect(error.message).toContain(env.SSH_HOST_KEY_FINGERPRINT);
    expect(error.hint).toMatch(/ssh-keygen -lf/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a known_hosts entry with another key for the host', async () => {
    const other = multi.hostKeys.find((key) => key.type === 'ssh-ed25519');
    const line = other?.knownHostsLine.replace(
      `[127.0.0.1]:${multi.port}`,
      knownHostsHost(env.SSH_HOST, env.SSH_PORT),
    );
    const error = await rejectionOf(
      connect(sshOptions(env, { hostKey: { knownHosts: line ?? '' } })),
    );
    expect(error.code).toBe('SSH_HOST_KEY_MISMATCH');
    expect(error.message).toContain(other?.fingerprint);
  });

  it('without a pin refuses with SSH_HOST_KEY_UNKNOWN and prints the fingerprint to pin', async () => {
    const error = await rejectionOf(connect(sshOptions(env, { hostKey: {} })));
    expect(error.code).toBe('SSH_HOST_KEY_UNKNOWN');
    expect(error.message).toContain(env.SSH_HOST_KEY_FINGERPRINT);
    expect(error.hint).toContain(`fingerprint: '${env.SSH_HOST_KEY_FINGERPRINT}'`);
    const empty = join(dir, 'empty_known_hosts');
    const inFile = await rejectionOf(
      connect(sshOptions(env, { hostKey: { knownHostsFile: empty } })),
    );
    expect(inFile.code).toBe('SSH_HOST_KEY_UNKNOWN');
    expect(inFile.message).toContain(empty);
  });

  it('trusts on first use only when asked, warns, and pins the key for the next run', async () => {
    const file = join(dir, 'tofu_known_hosts');
    const events: RemoteEvent[] = [];
    await connectAndClose({
      hostKey: { knownHostsFile: file, trustOnFirstUse: true },
      onEvent: (e) => events.push(e),
    });
    expect(events).toContainEqual({
      type: 'warning',
      code: 'SSH_HOST_KEY_TRUSTED_ON_FIRST_USE',
      message: expect.stringContaining(env.SSH_HOST_KEY_FINGERPRINT),
      host: env.SSH_HOST,
      fingerprint: env.SSH_HOST_KEY_FINGERPRINT,
      keyType: 'ssh-ed25519',
      savedTo: file,
    });
    const saved = await readFile(file, 'utf8');
    expect(saved).toBe(
      await readFile(env.SSH_KNOWN_HOSTS_PATH, 'utf8').then((t) => t.trim().concat('\n')),
    );
    const again: RemoteEvent[] = [];
    await connectAndClose({ hostKey: { knownHostsFile: file }, onEvent: (e) => again.push(e) });
    expect(again.map((e) => e.type)).not.toContain('warning');
    // A changed key is never trusted on first use.
    await writeFile(
      file,
      (multi.hostKeys[2]?.knownHostsLine ?? '').replace(
        `[127.0.0.1]:${multi.port}`,
        knownHostsHost(env.SSH_HOST, env.SSH_PORT),
      ),
    );
    const error = await rejectionOf(
      connect(sshOptions(env, { hostKey: { knownHostsFile: file, trustOnFirstUse: true } })),
    );
    expect(error.code).toBe('SSH_HOST_KEY_MISMATCH');
  });

  it('refuses a key marked @revoked even when it is also pinned', async () => {
    const line = (await readFile(env.SSH_KNOWN_HOSTS_PATH, 'utf8')).trim();
    const error = await rejectionOf(
      connect(
        sshOptions(env, {
          hostKey: {
            knownHosts: `${line}\n@revoked ${line}\n`,
            fingerprint: env.SSH_HOST_KEY_FINGERPRINT,
          },
        }),
      ),
    );
    expect(error.code).toBe('SSH_HOST_KEY_MISMATCH');
    expect(error.message).toMatch(/revoked/);
  });
});
