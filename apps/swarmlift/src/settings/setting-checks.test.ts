import { describe, expect, it } from 'vitest';
import {
  checkBuildArgs,
  checkEnum,
  checkEnvKeys,
  checkHostPorts,
  checkHosts,
  checkImageName,
  checkLockWait,
  checkPathList,
  checkPort,
  checkPrivateKey,
  checkRegistry,
  checkRemotePath,
  checkSha,
  checkStack,
  checkTimeout,
  checkVersion,
} from './setting-checks.js';

const value = <T>(result: { ok: true; value: T } | { ok: false; problem: string }) =>
  result.ok ? result.value : `problem: ${result.problem}`;

describe('setting checks', () => {
  it('registry: a host with an optional port, normalised', () => {
    expect(value(checkRegistry('ghcr.io'))).toBe('ghcr.io');
    expect(value(checkRegistry('https://GHCR.io/'))).toBe('ghcr.io');
    expect(value(checkRegistry('127.0.0.1:5000'))).toBe('127.0.0.1:5000');
    expect(checkRegistry('ghcr.io/acme').ok).toBe(false);
    expect(checkRegistry('not a host').ok).toBe(false);
    expect(checkRegistry('host:99999').ok).toBe(false);
  });
  it('image name: lowercased, path components', () => {
    expect(value(checkImageName('Acme/Shop'))).toBe('acme/shop');
    expect(checkImageName('acme//shop').ok).toBe(false);
    expect(checkImageName('acme/shop:tag').ok).toBe(false);
  });
  it('stack, sha, version', () => {
    expect(value(checkStack('shop_prod'))).toBe('shop_prod');
    expect(checkStack('-x').ok).toBe(false);
    expect(value(checkSha('ABCDEF0123456789abcdef0123456789abcdef01'))).toBe('abcdef0');
    expect(checkSha('xyz1234').ok).toBe(false);
    expect(checkSha('abc12').ok).toBe(false);
    expect(value(checkVersion('v1.2.3'))).toBe('v1.2.3');
    expect(checkVersion('.bad').ok).toBe(false);
  });
  it('hosts: a comma-separated list', () => {
    expect(value(checkHosts('10.0.0.1, 10.0.0.2,manager.example'))).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      'manager.example',
    ]);
    expect(value(checkHosts('::1'))).toEqual(['::1']);
    expect(checkHosts('10.0.0.1,bad_host!').ok).toBe(false);
    expect(value(checkHosts('a,b!'))).toBe('problem: entry 2 is not a host name or IP address');
  });
  it('host[:port] lists (STATIC_HOSTS)', () => {
    expect(value(checkHostPorts('198.18.0.5, w2:2222 [fd00::1]:22 fd00::2'))).toEqual([
      { host: '198.18.0.5', port: undefined },
      { host: 'w2', port: 2222 },
      { host: 'fd00::1', port: 22 },
      { host: 'fd00::2', port: undefined },
    ]);
    expect(value(checkHostPorts('w1:0'))).toBe(
      'problem: is not host[:port] (a host name or IP address, port 1 to 65535)',
    );
    expect(value(checkHostPorts('w1,bad_host!'))).toMatch(/^problem: entry 2 /);
    expect(value(checkHostPorts('w1, w1'))).toBe('problem: names w1 twice');
    expect(value(checkHostPorts(' , '))).toBe('problem: names no host');
  });
  it('ports, keys, lists, args, paths, enums, durations', () => {
    expect(value(checkPort('2222'))).toBe(2222);
    expect(checkPort('0').ok).toBe(false);
    expect(checkPort('22a').ok).toBe(false);
    expect(checkPrivateKey('-----BEGIN OPENSSH PRIVATE KEY-----\\nabc').ok).toBe(true);
    expect(checkPrivateKey('/home/me/.ssh/id_ed25519').ok).toBe(false);
    expect(value(checkEnvKeys('SENTRY_DSN, ALLOWED_HOSTS\nSENTRY_DSN'))).toEqual([
      'SENTRY_DSN',
      'ALLOWED_HOSTS',
    ]);
    expect(checkEnvKeys('OK,1BAD').ok).toBe(false);
    expect(value(checkPathList('a.yml:b.yml,c.yml'))).toEqual(['a.yml', 'b.yml', 'c.yml']);
    expect(value(checkBuildArgs('# comment\nA=1\n\nB=x=y\n'))).toEqual({ A: '1', B: 'x=y' });
    expect(value(checkBuildArgs('A=1\nnot an arg'))).toBe('problem: line 2 is not KEY=VALUE');
    expect(value(checkRemotePath('/usr/src/acme/shop/'))).toBe('/usr/src/acme/shop');
    expect(checkRemotePath('relative/path').ok).toBe(false);
    expect(checkRemotePath('/usr/../etc').ok).toBe(false);
    expect(value(checkEnum(['after', 'before', 'off'])('Before'))).toBe('before');
    expect(value(checkEnum(['after', 'before', 'off'])('later'))).toBe(
      'problem: must be one of after, before, off',
    );
    expect(value(checkTimeout('300'))).toBe(300_000);
    expect(checkTimeout('0').ok).toBe(false);
    expect(value(checkLockWait('0'))).toBe(0);
    expect(checkLockWait('forever').ok).toBe(false);
  });
  it('never puts the value in a problem', () => {
    const secretish = 'Zq9-unique-value-7781';
    for (const check of [
      checkRegistry,
      checkImageName,
      checkStack,
      checkSha,
      checkHosts,
      checkPort,
      checkPrivateKey,
      checkEnvKeys,
      checkBuildArgs,
      checkRemotePath,
      checkTimeout,
    ]) {
      const result = check(`${secretish} !`);
      if (!result.ok) expect(result.problem).not.toContain('unique-value');
    }
  });
});
