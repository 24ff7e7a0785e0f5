import { describe, expect, it } from 'vitest';
import { connectSettings, isFingerprintPin, targetLabelOf } from './connect-settings.js';

describe('isFingerprintPin', () => {
  it('tells a fingerprint from known_hosts lines', () => {
    expect(isFingerprintPin('SHA256:abc')).toBe(true);
    expect(isFingerprintPin('256 SHA256:abc root@host (ED25519)')).toBe(true);
    expect(isFingerprintPin('host ssh-ed25519 AAAA')).toBe(false);
  });
});

describe('targetLabelOf', () => {
  it('names the target without secrets', () => {
    expect(
      targetLabelOf({ kind: 'ssh', host: '203.0.113.7', port: undefined, user: 'deploy' }),
    ).toBe('deploy@203.0.113.7:22');
    expect(targetLabelOf({ kind: 'ssh', host: '::1', port: 2222, user: undefined })).toBe(
      '[::1]:2222',
    );
    expect(targetLabelOf({ kind: 'unix', socketPath: '/var/run/docker.sock' })).toBe(
      'unix:///var/run/docker.sock',
    );
    expect(targetLabelOf({ kind: 'tcp', host: 'h', port: 2376, tls: undefined })).toBe(
      'tcp://h:2376',
    );
  });
});

describe('connectSettings', () => {
  it('uses the first manager, passes the agent socket only, and reconnects', async () => {
    const result = await connectSettings(
      { managers: ['10.0.0.1', '10.0.0.2'], sshUser: 'deploy', labels: {} },
      { cwd: '/', env: { SSH_AUTH_SOCK: '/tmp/agent.sock', SECRET_KEY: 'x' } },
    );
    expect(result).toMatchObject({
      ok: true,
      targetLabel: 'deploy@10.0.0.1:22 (then 10.0.0.2)',
      managerTargets: [
        { kind: 'ssh', host: '10.0.0.1', user: 'deploy', port: undefined },
        { kind: 'ssh', host: '10.0.0.2', user: 'deploy', port: undefined },
      ],
      staticHosts: [],
      connect: {
        target: { kind: 'ssh', host: '10.0.0.1' },
        agent: true,
        env: { SSH_AUTH_SOCK: '/tmp/agent.sock' },
        reconnect: true,
      },
    });
    if (result.ok) expect(Object.keys(result.connect.env ?? {})).toEqual(['SSH_AUTH_SOCK']);
  });

  it('makes STATIC_HOSTS SSH targets with the managers’ user and port unless a host names its own', async () => {
    const result = await connectSettings(
      {
        managers: ['10.0.0.1'],
        sshUser: 'deploy',
        sshPort: 2222,
        staticHosts: [
          { host: 'w1', port: undefined },
          { host: 'w2', port: 22 },
        ],
        labels: {},
      },
      { cwd: '/', env: { SSH_AUTH_SOCK: '/tmp/agent.sock' } },
    );
    expect(result).toMatchObject({
      ok: true,
      targetLabel: 'deploy@10.0.0.1:2222',
      staticHosts: [
        { kind: 'ssh', host: 'w1', user: 'deploy', port: 2222 },
        { kind: 'ssh', host: 'w2', user: 'deploy', port: 22 },
      ],
    });
  });

  it('refuses STATIC_HOSTS when the engine is not reached over SSH', async () => {
    const result = await connectSettings(
      {
        dockerHost: 'unix:///var/run/docker.sock',
        staticHosts: [{ host: 'w1', port: undefined }],
        labels: { STATIC_HOSTS: '--static-hosts' },
      },
      { cwd: '/', env: {} },
    );
    expect(result).toMatchObject({
      ok: false,
      issues: [{ setting: '--static-hosts', message: expect.stringContaining('SSH') }],
    });
  });

  it('names the setting by where it came from', async () => {
    const result = await connectSettings(
      { dockerHost: 'http://host:2375', labels: { DOCKER_HOST: '--docker-host' } },
      { cwd: '/', env: {} },
    );
    expect(result).toMatchObject({ ok: false, issues: [{ setting: '--docker-host' }] });
  });
});

describe('connectSettings: host key pins', () => {
  const a = `SHA256:${'a'.repeat(43)}`;
  const b = `256 SHA256:${'B'.repeat(43)} root@manager2 (ED25519)`;
  it('takes one fingerprint, or one per line for several managers', async () => {
    const one = await connectSettings(
      { managers: ['10.0.0.1'], sshHostKey: a, labels: {} },
      { cwd: '/', env: {} },
    );
    expect(one).toMatchObject({
      ok: true,
      connect: { hostKey: { fingerprint: a, knownHostsFile: [] } },
    });
    const two = await connectSettings(
      { managers: ['10.0.0.1', '10.0.0.2'], sshHostKey: `${a}\n${b}\n`, labels: {} },
      { cwd: '/', env: {} },
    );
    expect(two).toMatchObject({ ok: true, connect: { hostKey: { fingerprint: [a, b] } } });
    const bad = await connectSettings(
      {
        managers: ['10.0.0.1'],
        sshHostKey: `${a}\nSHA256:short`,
        labels: { SSH_HOST_KEY: '--host-key' },
      },
      { cwd: '/', env: {} },
    );
    expect(bad).toMatchObject({ ok: false, issues: [{ setting: '--host-key' }] });
  });
});
