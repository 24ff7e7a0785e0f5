import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIntegration, startPrivateSshd } from '@swarmlift/testkit';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../src/index.js';
import { rejectionOf, sshOptions } from './helpers.js';

describeIntegration('authentication', (env) => {
  let dir: string;
  let keyText: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sltest-auth-'));
    keyText = await readFile(env.SSH_KEY_PATH, 'utf8');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const works = async (options: Parameters<typeof sshOptions>[1]) => {
    const remote = await connect(sshOptions(env, options));
    try {
      return (await remote.exec(['id', '-un'])).stdout.trim();
    } finally {
      await remote.close();
    }
  };

  it('takes the key from secret text: trailing newline or not, \\n-escaped, CRLF, quoted', async () => {
    const forms = [
      keyText,
      keyText.trimEnd(),
      keyText.trimEnd().replaceAll('\n', '\\n'),
      keyText.replaceAll('\n', '\r\n'),
      `"${keyText.trimEnd()}"`,
    ];
    for (const privateKey of forms) {
      expect(await works({ privateKeyPath: undefined, privateKey })).toBe(env.SSH_USER);
    }
  });

  it('opens an encrypted key with its passphrase, and says what is wrong without it', async () => {
    const encrypted = join(dir, 'id_encrypted');
    await copyFile(env.SSH_KEY_PATH, encrypted);
    const passphrase = 'sltest correct horse';
    await execa('ssh-keygen', ['-q', '-p', '-f', encrypted, '-N', passphrase, '-P', '']);
    expect(await works({ privateKeyPath: encrypted, passphrase })).toBe(env.SSH_USER);

    const missing = await rejectionOf(connect(sshOptions(env, { privateKeyPath: encrypted })));
    expect(missing.code).toBe('SSH_KEY_INVALID');
    expect(missing.hint).toMatch(/passphrase/);
    const wrong = await rejectionOf(
      connect(sshOptions(env, { privateKeyPath: encrypted, passphrase: 'sltest-wrong-secret' })),
    );
    expect(wrong.code).toBe('SSH_KEY_INVALID');
    expect(`${wrong.message} ${wrong.hint}`).not.toContain('sltest-wrong-secret');
  });

  it('accepts RSA and ECDSA keys in PEM format', async () => {
    const keys: Array<{ file: string; pub: string }> = [];
    for (const type of ['rsa', 'ecdsa']) {
      const file = join(dir, `id_${type}_pem`);
      await execa('ssh-keygen', [
        '-q',
        '-t',
        type,
        '-m',
        'PEM',
        '-N',
        '',
        '-C',
        'sltest',
        '-f',
        file,
      ]);
      keys.push({ file, pub: (await readFile(`${file}.pub`, 'utf8')).trim() });
    }
    const sshd = await startPrivateSshd(env, { authorizedKeys: keys.map((k) => k.pub) });
    try {
      for (const key of keys) {
        const text = await readFile(key.file, 'utf8');
        expect(text).toMatch(/^-----BEGIN (RSA|EC) PRIVATE KEY-----/);
        const user = await works({
          target: `ssh://${env.SSH_USER}@127.0.0.1:${sshd.port}`,
          hostKey: { fingerprint: sshd.hostKeys[0]?.fingerprint ?? '' },
          privateKeyPath: undefined,
          privateKey: text,
        });
        expect(user).toBe(env.SSH_USER);
      }
    } finally {
      await sshd.stop();
    }
  });

  it('refuses a key the server does not know with SSH_AUTH_FAILED', async () => {
    const stranger = join(dir, 'id_stranger');
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const started = Date.now();
    const error = await rejectionOf(connect(sshOptions(env, { privateKeyPath: stranger })));
    expect(error.code).toBe('SSH_AUTH_FAILED');
    expect(error.message).toContain(`${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`);
    expect(error.hint).toContain('authorized_keys');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('uses ssh-agent', async () => {
    const socket = join(dir, 'agent.sock');
    const { stdout } = await execa('ssh-agent', ['-a', socket, '-s']);
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(stdout)?.[1]);
    try {
      await execa('ssh-add', [env.SSH_KEY_PATH], { env: { SSH_AUTH_SOCK: socket } });
      expect(await works({ privateKeyPath: undefined, agent: socket })).toBe(env.SSH_USER);
      expect(
        await works({ privateKeyPath: undefined, agent: true, env: { SSH_AUTH_SOCK: socket } }),
      ).toBe(env.SSH_USER);
    } finally {
      process.kill(pid);
    }
  });

  it('resolves a Host alias from an ssh config (HostName, User, Port, IdentityFile, UserKnownHostsFile)', async () => {
    const config = join(dir, 'ssh_config');
    await writeFile(
      config,
      [
        'Host sltest-manager',
        `  HostName ${env.SSH_HOST}`,
        `  Port ${env.SSH_PORT}`,
        `  User ${env.SSH_USER}`,
        `  IdentityFile ${env.SSH_KEY_PATH}`,
        `  UserKnownHostsFile ${env.SSH_KNOWN_HOSTS_PATH}`,
        'Host *',
        '  User nobody-else',
        '',
      ].join('\n'),
    );
    const remote = await connect({
      target: 'ssh://sltest-manager',
      useSshConfig: true,
      sshConfigPath: config,
    });
    try {
      expect((await remote.exec(['id', '-un'])).stdout.trim()).toBe(env.SSH_USER);
      expect(remote.hostKey?.fingerprint).toBe(env.SSH_HOST_KEY_FINGERPRINT);
    } finally {
      await remote.close();
    }
  });
});
