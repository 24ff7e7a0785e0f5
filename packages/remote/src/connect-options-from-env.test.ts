import { OptionsError, parseBinArgs } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { connectFlags, connectOptionsFromEnv } from './connect-options-from-env.js';

const FP = 'SHA256:d/sYzAqtRB5h7tC/C0e55ufuAv1IiLcEohlECl76PQk';

function optionsError(run: () => unknown): OptionsError {
  try {
    run();
  } catch (error) {
    if (OptionsError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an OptionsError');
}

describe('connectFlags', () => {
  it('parses with parseBinArgs beside a bin’s own flags', () => {
    const { values } = parseBinArgs(
      ['-H', 'ssh://deploy@10.0.0.5:2222', '-i', '/k', '--host-key-fingerprint', FP, '--json'],
      { ...connectFlags, json: { type: 'boolean' } },
    );
    expect(connectOptionsFromEnv({}, values)).toMatchObject({
      target: { kind: 'ssh', host: '10.0.0.5', port: 2222, user: 'deploy' },
      privateKeyPath: '/k',
      hostKey: { fingerprint: FP, knownHostsFile: [] },
      useSshConfig: true,
    });
  });
});

describe('connectOptionsFromEnv', () => {
  it('finds the engine: --host, DOCKER_HOST, the guide’s variables, else the local socket', () => {
    expect(connectOptionsFromEnv({}).target).toEqual({
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
    });
    expect(connectOptionsFromEnv({ DOCKER_HOST: 'unix:///run/d.sock' }).target).toEqual({
      kind: 'unix',
      socketPath: '/run/d.sock',
    });
    const guide = { SWARM_MANAGER_IP: '203.0.113.10', SSH_USER: 'deploy', SSH_PORT: '2222' };
    expect(connectOptionsFromEnv(guide).target).toEqual({
      kind: 'ssh',
      host: '203.0.113.10',
      port: 2222,
      user: 'deploy',
    });
    expect(
      connectOptionsFromEnv({ ...guide, DOCKER_HOST: 'ssh://u@other' }, { host: 'tcp://h:2375' })
        .target,
    ).toMatchObject({ kind: 'tcp', host: 'h', port: 2375 });
    expect(
      connectOptionsFromEnv({
        DOCKER_HOST: 'tcp://h',
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: '/c',
      }).target,
    ).toEqual({
      kind: 'tcp',
      host: 'h',
      port: 2376,
      tls: { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' },
    });
  });

  it('names the flag or variable of a bad target', () => {
    expect(optionsError(() => connectOptionsFromEnv({}, { host: 'deploy@h' }))).toMatchObject({
      code: 'OPTIONS_INVALID',
      field: '--host',
      hint: expect.stringContaining('ssh://deploy@h'),
    });
    expect(optionsError(() => connectOptionsFromEnv({ DOCKER_HOST: 'http://h:1' })).field).toBe(
      'DOCKER_HOST',
    );
    expect(
      optionsError(() => connectOptionsFromEnv({ SWARM_MANAGER_IP: 'h', SSH_PORT: '99999' })).field,
    ).toBe('SSH_PORT');
    expect(
      optionsError(() => connectOptionsFromEnv({ SWARM_MANAGER_IP: 'h', SSH_USER: 'a b' })).field,
    ).toBe('SSH_USER');
    expect(
      optionsError(() => connectOptionsFromEnv({ SWARM_MANAGER_IP: 'not a host' })).field,
    ).toBe('SWARM_MANAGER_IP');
  });

  it('picks the key: -i, SSH_PRIVATE_KEY (text), the agent, else ~/.ssh through useSshConfig', () => {
    const ssh = { DOCKER_HOST: 'ssh://u@h' };
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----';
    expect(
      connectOptionsFromEnv({ ...ssh, SSH_PRIVATE_KEY: key }, { 'identity-file': '/k' }),
    ).toMatchObject({ privateKeyPath: '/k' });
    const fromEnv = connectOptionsFromEnv({ ...ssh, SSH_PRIVATE_KEY: key, SSH_AUTH_SOCK: '/a' });
    expect(fromEnv.privateKey).toBe(key);
    expect(fromEnv.agent).toBeUndefined();
    expect(connectOptionsFromEnv({ ...ssh, SSH_AUTH_SOCK: '/a' })).toMatchObject({ agent: true });
    const plain = connectOptionsFromEnv(ssh);
    expect(plain).toMatchObject({ useSshConfig: true, hostKey: {} });
    expect(plain.privateKey ?? plain.privateKeyPath ?? plain.agent).toBeUndefined();
    expect(optionsError(() => connectOptionsFromEnv(ssh, { 'identity-file': ' ' })).field).toBe(
      '--identity-file',
    );
  });

  it('makes a fingerprint the only key accepted, and reads known_hosts from the flag or SSH_KNOWN_HOSTS', () => {
    const ssh = { DOCKER_HOST: 'ssh://u@h', SSH_KNOWN_HOSTS: 'h ssh-ed25519 AAAA' };
    expect(
      connectOptionsFromEnv({ ...ssh, SSH_HOST_KEY_FINGERPRINT: FP }, { 'known-hosts': '/kh' })
        .hostKey,
    ).toEqual({ fingerprint: FP, knownHostsFile: [] });
    expect(connectOptionsFromEnv(ssh, { 'known-hosts': '/kh' }).hostKey).toEqual({
      knownHostsFile: '/kh',
    });
    expect(connectOptionsFromEnv(ssh).hostKey).toEqual({ knownHosts: 'h ssh-ed25519 AAAA' });
    expect(
      connectOptionsFromEnv({ DOCKER_HOST: 'ssh://u@h', SSH_KNOWN_HOSTS: '/etc/ssh/kh' }).hostKey,
    ).toEqual({ knownHostsFile: '/etc/ssh/kh' });
  });

  it('names a malformed fingerprint’s flag or variable, without echoing a secret', () => {
    const ssh = { DOCKER_HOST: 'ssh://u@h' };
    expect(
      optionsError(() => connectOptionsFromEnv({ ...ssh, SSH_HOST_KEY_FINGERPRINT: 'MD5:aa' })),
    ).toMatchObject({ field: 'SSH_HOST_KEY_FINGERPRINT' });
    expect(
      optionsError(() => connectOptionsFromEnv(ssh, { 'host-key-fingerprint': 'nope' })).field,
    ).toBe('--host-key-fingerprint');
    const secret = 'not-a-real-key-but-secret-text';
    const options = connectOptionsFromEnv({ ...ssh, SSH_PRIVATE_KEY: secret });
    expect(JSON.stringify({ ...options, privateKey: undefined })).not.toContain(secret);
  });

  it('refuses SSH flags for a local engine, but ignores SSH variables there', () => {
    expect(optionsError(() => connectOptionsFromEnv({}, { 'identity-file': '/k' })).field).toBe(
      '--identity-file',
    );
    const local = connectOptionsFromEnv({ SSH_PRIVATE_KEY: 'x', SSH_HOST_KEY_FINGERPRINT: FP });
    expect(local.hostKey).toBeUndefined();
    expect(local.privateKey).toBeUndefined();
  });
});
