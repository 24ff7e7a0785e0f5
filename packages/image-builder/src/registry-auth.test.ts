import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { normalizeRegistry, registryAuth, toEngineAuth } from './registry-auth.js';

async function configDir(config: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ib-dockercfg-'));
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

/** A real `docker-credential-test` program on a temporary PATH that answers for one host. */
async function helperOnPath(): Promise<string> {
  const bin = await mkdtemp(join(tmpdir(), 'ib-helper-'));
  const script = [
    '#!/bin/sh',
    '[ "$1" = get ] || exit 2',
    'read -r host',
    'case "$host" in',
    '  helper.test) echo \'{"ServerURL":"helper.test","Username":"robot","Secret":"from-helper"}\' ;;',
    '  token.test) echo \'{"ServerURL":"token.test","Username":"<token>","Secret":"refresh-me"}\' ;;',
    '  *) echo "credentials not found in native keychain"; exit 1 ;;',
    'esac',
  ].join('\n');
  await writeFile(join(bin, 'docker-credential-test'), `${script}\n`);
  await chmod(join(bin, 'docker-credential-test'), 0o755);
  return bin;
}

describe('registryAuth', () => {
  it('uses explicit credentials and never shows the password when logged', async () => {
    const auth = await registryAuth({ registry: 'ghcr.io', username: 'me', password: 'hunter2' });
    expect(auth).toMatchObject({ registry: 'ghcr.io', username: 'me', source: 'explicit' });
    expect(auth.password).toBe('hunter2');
    expect(JSON.stringify(auth)).not.toContain('hunter2');
    expect(inspect(auth)).not.toContain('hunter2');
    expect(toEngineAuth(auth)).toEqual({
      username: 'me',
      password: 'hunter2',
      serveraddress: 'ghcr.io',
    });
  });

  it('refuses half of a credential pair without echoing it', async () => {
    const attempt = registryAuth({ registry: 'ghcr.io', username: 'me', password: '' });
    await expect(attempt).rejects.toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE' });
  });

  it('reads config.json auths, by exact key or by host of a URL key', async () => {
    const auth = Buffer.from('user:p:ss').toString('base64');
    const dir = await configDir({
      auths: { '127.0.0.1:5000': { auth }, 'https://ghcr.io/v2/': { auth } },
    });
    expect(await registryAuth({ registry: '127.0.0.1:5000', dockerConfig: dir })).toMatchObject({
      username: 'user',
      password: 'p:ss',
      source: 'docker-config',
    });
    expect(
      await registryAuth({ registry: 'ghcr.io', dockerConfig: join(dir, 'config.json') }),
    ).toMatchObject({ username: 'user' });
    expect(await registryAuth({ registry: 'other.example', dockerConfig: dir })).toMatchObject({
      source: 'anonymous',
    });
  });

  it('is anonymous without a config file, and names a broken one', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ib-none-'));
    expect(await registryAuth({ registry: 'ghcr.io', dockerConfig: empty })).toEqual({
      registry: 'ghcr.io',
      source: 'anonymous',
    });
    const broken = await mkdtemp(join(tmpdir(), 'ib-broken-'));
    await writeFile(join(broken, 'config.json'), '{');
    await expect(registryAuth({ registry: 'ghcr.io', dockerConfig: broken })).rejects.toThrow(
      /not valid JSON/,
    );
  });

  it('asks credential helpers (host on stdin) and falls back to auths when they know nothing', async () => {
    const bin = await helperOnPath();
    const path = `${bin}:${process.env.PATH}`;
    const auth = Buffer.from('file:pw').toString('base64');
    const dir = await configDir({ credsStore: 'test', auths: { 'fallback.test': { auth } } });
    const previous = process.env.PATH;
    process.env.PATH = path;
    try {
      expect(await registryAuth({ registry: 'helper.test', dockerConfig: dir })).toMatchObject({
        username: 'robot',
        password: 'from-helper',
        source: 'credential-helper',
      });
      const token = await registryAuth({ registry: 'token.test', dockerConfig: dir });
      expect(token.identityToken).toBe('refresh-me');
      expect(toEngineAuth(token)).toEqual({
        identitytoken: 'refresh-me',
        serveraddress: 'token.test',
      });
      expect(await registryAuth({ registry: 'fallback.test', dockerConfig: dir })).toMatchObject({
        username: 'file',
        source: 'docker-config',
      });
      const missing = await configDir({ credHelpers: { 'x.test': 'does-not-exist' } });
      await expect(registryAuth({ registry: 'x.test', dockerConfig: missing })).rejects.toThrow(
        /docker-credential-does-not-exist .* not installed/,
      );
    } finally {
      process.env.PATH = previous;
    }
  });

  it('normalizes registry names', () => {
    expect(normalizeRegistry('https://index.docker.io/v1/')).toBe('docker.io');
    expect(normalizeRegistry('HTTPS://GHCR.io/v2/')).toBe('ghcr.io');
  });
});
