import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  encodeRegistryAuth,
  isShortLivedCredential,
  readDockerConfigAuth,
  registryOf,
} from './registry-auth.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'registry-auth-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const decode = (value: string | undefined) =>
  JSON.parse(Buffer.from(value ?? '', 'base64url').toString('utf8')) as Record<string, string>;

describe('encodeRegistryAuth', () => {
  it('encodes the credential of the image registry as URL-safe base64 with padding', () => {
    const auth = { '127.0.0.1:5000': { username: 'u', password: 'p?>' } };
    const encoded = encodeRegistryAuth(auth, '127.0.0.1:5000/app:1');
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+=*$/);
    expect(encoded?.length ?? 0).toBe(Math.ceil((encoded?.replace(/=+$/, '').length ?? 0) / 4) * 4);
    expect(decode(encoded)).toEqual({
      username: 'u',
      password: 'p?>',
      serveraddress: '127.0.0.1:5000',
    });
    expect(encodeRegistryAuth(auth, 'ghcr.io/x/app:1')).toBeUndefined();
    expect(decode(encodeRegistryAuth({ 'docker.io': { identitytoken: 't' } }, 'busybox'))).toEqual({
      identitytoken: 't',
      serveraddress: 'https://index.docker.io/v1/',
    });
  });
  it('knows short-lived GitHub tokens', () => {
    expect(isShortLivedCredential({ username: 'x', password: 'ghs_abc' })).toBe(true);
    expect(isShortLivedCredential({ username: 'x', password: 'ghp_abc' })).toBe(false);
    expect(registryOf('nginx')).toBe('docker.io');
  });
});

describe('readDockerConfigAuth', () => {
  it('reads auths entries (base64 user:password and identity tokens), normalizing Hub aliases', async () => {
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          '127.0.0.1:5000': { auth: Buffer.from('user:pa:ss').toString('base64') },
          'https://index.docker.io/v1/': { identitytoken: 'tok' },
          'https://ghcr.io/v2/': { username: 'g', password: 'h' },
        },
      }),
    );
    const auth = await readDockerConfigAuth({
      images: ['127.0.0.1:5000/a:1', 'busybox', 'ghcr.io/x/y', 'quay.io/none/z'],
      dockerConfig: dir,
    });
    expect(auth).toEqual({
      '127.0.0.1:5000': { username: 'user', password: 'pa:ss' },
      'docker.io': { identitytoken: 'tok' },
      'ghcr.io': { username: 'g', password: 'h' },
    });
  });
  it('asks credential helpers (server address on stdin) before auths', async () => {
    const helper = join(dir, 'docker-credential-sltest');
    await writeFile(
      helper,
      '#!/bin/sh\nread server\nif [ "$server" = "127.0.0.1:5000" ]; then echo \'{"Username":"helper-user","Secret":"helper-secret"}\'; else echo "credentials not found in native keychain"; exit 1; fi\n',
    );
    await chmod(helper, 0o755);
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        credsStore: 'sltest',
        auths: { 'ghcr.io': { username: 'g', password: 'h' } },
      }),
    );
    const auth = await readDockerConfigAuth({
      images: ['127.0.0.1:5000/a:1', 'ghcr.io/x/y'],
      dockerConfig: dir,
      env: { PATH: `${dir}:${process.env.PATH}` },
    });
    expect(auth).toEqual({
      '127.0.0.1:5000': { username: 'helper-user', password: 'helper-secret' },
      'ghcr.io': { username: 'g', password: 'h' },
    });
  });
  it('returns nothing without a config, and names the file when it is broken', async () => {
    expect(
      await readDockerConfigAuth({ images: ['busybox'], dockerConfig: join(dir, 'none') }),
    ).toEqual({});
    await writeFile(join(dir, 'config.json'), '{ not json');
    await expect(
      readDockerConfigAuth({ images: ['busybox'], dockerConfig: dir }),
    ).rejects.toMatchObject({
      code: 'REGISTRY_AUTH_INVALID',
      message: expect.stringContaining(join(dir, 'config.json')),
    });
  });
});
