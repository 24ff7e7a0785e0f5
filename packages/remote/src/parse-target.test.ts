import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTarget } from './parse-target.js';

describe('parseTarget', () => {
  it('reads ssh:// with and without user and port, IPv6 too', () => {
    expect(parseTarget('ssh://deploy@203.0.113.10:2222')).toEqual({
      kind: 'ssh',
      host: '203.0.113.10',
      port: 2222,
      user: 'deploy',
    });
    expect(parseTarget('ssh://manager.example.com')).toEqual({
      kind: 'ssh',
      host: 'manager.example.com',
      port: undefined,
      user: undefined,
    });
    expect(parseTarget('ssh://deploy@[2001:db8::1]:22')).toEqual({
      kind: 'ssh',
      host: '2001:db8::1',
      port: 22,
      user: 'deploy',
    });
  });

  it('reads the guide pieces, process.env style', () => {
    expect(
      parseTarget({ SWARM_MANAGER_IP: ' 203.0.113.10 ', SSH_USER: 'deploy', SSH_PORT: '2222' }),
    ).toEqual({
      kind: 'ssh',
      host: '203.0.113.10',
      port: 2222,
      user: 'deploy',
    });
    expect(
      parseTarget({ SWARM_MANAGER_IP: '2001:db8::1', SSH_USER: 'deploy', SSH_PORT: '' }),
    ).toMatchObject({ host: '2001:db8::1', port: undefined });
  });

  it('reads unix:// and tcp://, plain and with TLS files', () => {
    expect(parseTarget('unix:///run/docker.sock')).toEqual({
      kind: 'unix',
      socketPath: '/run/docker.sock',
    });
    expect(parseTarget('tcp://10.0.0.5')).toEqual({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2375,
      tls: undefined,
    });
    expect(parseTarget('tcp://10.0.0.5', { tls: { certPath: '/certs' } })).toEqual({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2376,
      tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' },
    });
    expect(
      parseTarget('tcp://docker.internal:3000', { tls: { ca: 'a', cert: 'b', key: 'c' } }),
    ).toMatchObject({ port: 3000, tls: { ca: 'a' } });
  });

  it('resolves local through DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    expect(parseTarget('local', { env: {} })).toEqual({
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
    });
    expect(parseTarget('local', { env: { DOCKER_HOST: 'ssh://ci@10.0.0.5' } })).toMatchObject({
      kind: 'ssh',
      user: 'ci',
    });
    expect(
      parseTarget('local', { env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' } }),
    ).toMatchObject({
      tls: { ca: join(homedir(), '.docker', 'ca.pem') },
    });
    expect(() =>
      parseTarget('local', { env: { DOCKER_HOST: 'npipe:////./pipe/docker_engine' } }),
    ).toThrow(/DOCKER_HOST is not usable/);
  });

  it.each([
    ['', /empty string/, /ssh:\/\/user@host/],
    ['deploy@10.0.0.5', /is not a Docker engine address/, /Did you mean ssh:\/\/deploy@10.0.0.5\?/],
    ['https://10.0.0.5:2376', /not a Docker engine address/, /tcp:\/\/10.0.0.5:2376/],
    ['ssh://deploy@host:99999', /not a Docker engine address/, /./],
    ['ssh://deploy@host/path', /not a Docker engine address/, /no path/],
    ['unix://relative.sock', /not a Docker engine address/, /absolute socket path/],
    ['ftp://host', /not a Docker engine address/, /ftp:\/\/ is not supported/],
  ])('refuses %j with a message and a hint', (input, message, hint) => {
    expect(() => parseTarget(input)).toThrow(
      expect.objectContaining({
        code: 'REMOTE_TARGET_INVALID',
        message: expect.stringMatching(message),
        hint: expect.stringMatching(hint),
      }),
    );
  });

  it('names the guide variable that is wrong', () => {
    expect(() => parseTarget({ SSH_USER: 'deploy' })).toThrow(/SWARM_MANAGER_IP is empty/);
    expect(() => parseTarget({ SWARM_MANAGER_IP: 'h', SSH_PORT: 'ssh' })).toThrow(/SSH_PORT "ssh"/);
    expect(() => parseTarget({ SWARM_MANAGER_IP: 'h', SSH_USER: 'de ploy' })).toThrow(
      /SSH_USER is not a valid user name/,
    );
    expect(() => parseTarget({ SWARM_MANAGER_IP: 'bad host!' })).toThrow(
      /SWARM_MANAGER_IP "bad host!"/,
    );
  });

  it('never repeats a password written into the URL', () => {
    let message = '';
    try {
      parseTarget('ssh://deploy:hunter2secret@10.0.0.5');
    } catch (error) {
      message = `${(error as Error).message} ${(error as { hint: string }).hint}`;
    }
    expect(message).toContain('deploy:***@');
    expect(message).not.toContain('hunter2secret');
  });
});
