import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, OptionsError } from './errors.js';
import {
  checkCredentialsOption,
  credentialsFor,
  encodeRegistryAuth,
  isShortLivedCredential,
  RegistryCredentialsError,
  readRegistryCredentials,
  registryCredentials,
} from './registry-credentials.js';

let dir: string;
// Real docker-credential-* programs on PATH, speaking the helper protocol (server on stdin, JSON on stdout).
const helpers: Record<string, string> = {
  good: `#!/bin/sh\nread server\nif [ "$server" = "helper.example:5000" ]; then printf '{"ServerURL":"%s","Username":"ci","Secret":"helper-secret"}' "$server"; else echo "credentials not found in native keychain"; exit 1; fi\n`,
  token: `#!/bin/sh\nread server\nprintf '{"Username":"<token>","Secret":"refresh-token"}'\n`,
  broken: '#!/bin/sh\nread server\necho "exploded" >&2\nexit 3\n',
  slow: '#!/bin/sh\nsleep 10\n',
  junk: '#!/bin/sh\necho not json\n',
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swarmlift-core-creds-'));
  for (const [name, script] of Object.entries(helpers)) {
    await writeFile(join(dir, `docker-credential-${name}`), script);
    await chmod(join(dir, `docker-credential-${name}`), 0o755);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function config(content: unknown): Promise<string> {
  const folder = await mkdtemp(join(dir, 'cfg-'));
  await writeFile(
    join(folder, 'config.json'),
    typeof content === 'string' ? content : JSON.stringify(content),
  );
  return folder;
}
const env = () => ({ PATH: `${dir}:${process.env.PATH ?? ''}` });

describe('readRegistryCredentials', () => {
  it('explicit credentials win and hide their secret from logs and JSON', async () => {
    const credentials = await readRegistryCredentials({
      registry: 'https://ghcr.io/',
      username: 'me',
      password: 's3cret-pw',
    });
    expect(credentials).toMatchObject({ registry: 'ghcr.io', username: 'me', source: 'explicit' });
    expect(credentials.password).toBe('s3cret-pw');
    expect(JSON.stringify(credentials)).not.toContain('s3cret-pw');
    expect(String(Object.keys(credentials))).not.toContain('password');
  });

  it('refuses half of an explicit pair, naming the missing half', async () => {
    await expect(
      readRegistryCredentials({ registry: 'ghcr.io', username: 'me', password: '' }),
    ).rejects.toSatisfy((error) => OptionsError.isInstance(error) && error.field === 'password');
  });

  it('reads an auths entry (base64 user:password) from a config folder or file, Hub aliases included', async () => {
    const folder = await config({
      auths: {
        'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubpass').toString('base64') },
        '127.0.0.1:5000': { auth: Buffer.from('reg:pw:with:colons').toString('base64') },
      },
    });
    const hub = await readRegistryCredentials({ registry: 'docker.io', dockerConfig: folder });
    const official = await readRegistryCredentials({
      registry: 'busybox:1.36',
      dockerConfig: folder,
    });
    expect(official).toMatchObject({ registry: 'docker.io', username: 'hubuser' });
    expect(hub).toMatchObject({
      registry: 'docker.io',
      username: 'hubuser',
      source: 'docker-config',
    });
    const local = await readRegistryCredentials({
      registry: '127.0.0.1:5000/team/app:1',
      dockerConfig: join(folder, 'config.json'),
    });
    expect(local.password).toBe('pw:with:colons');
    const viaEnv = await readRegistryCredentials({
      registry: '127.0.0.1:5000',
      env: { DOCKER_CONFIG: folder },
    });
    expect(viaEnv.username).toBe('reg');
  });

  it('is anonymous without a config or an entry', async () => {
    expect(
      await readRegistryCredentials({ registry: 'ghcr.io', dockerConfig: join(dir, 'missing') }),
    ).toMatchObject({
      source: 'anonymous',
    });
    const folder = await config({ auths: {} });
    expect(
      (await readRegistryCredentials({ registry: 'ghcr.io', dockerConfig: folder })).source,
    ).toBe('anonymous');
  });

  it('asks credHelpers / credsStore programs, falling back to auths when they have nothing', async () => {
    const folder = await config({
      credHelpers: { 'helper.example:5000': 'good', 'token.example': 'token' },
      credsStore: 'good',
      auths: { 'other.example': { auth: Buffer.from('o:p').toString('base64') } },
    });
    const fromHelper = await readRegistryCredentials({
      registry: 'helper.example:5000',
      dockerConfig: folder,
      env: env(),
    });
    expect(fromHelper).toMatchObject({ username: 'ci', source: 'credential-helper' });
    expect(fromHelper.password).toBe('helper-secret');
    const token = await readRegistryCredentials({
      registry: 'token.example',
      dockerConfig: folder,
      env: env(),
    });
    expect(token.identityToken).toBe('refresh-token');
    const fallback = await readRegistryCredentials({
      registry: 'other.example',
      dockerConfig: folder,
      env: env(),
    });
    expect(fallback).toMatchObject({ username: 'o', source: 'docker-config' });
  });

  it.each([
    ['broken', /exited with 3/],
    ['missing-helper', /not installed/],
    ['junk', /other than JSON/],
  ])(
    'a %s helper is a RegistryCredentialsError that names the program',
    async (helper, pattern) => {
      const folder = await config({ credsStore: helper });
      await expect(
        readRegistryCredentials({ registry: 'ghcr.io', dockerConfig: folder, env: env() }),
      ).rejects.toSatisfy(
        (error) =>
          RegistryCredentialsError.isInstance(error) &&
          error.message.includes(`docker-credential-${helper}`) &&
          pattern.test(error.message),
      );
    },
  );

  it('stops a helper that does not answer within timeoutMs, and on abort', async () => {
    const folder = await config({ credsStore: 'slow' });
    const started = Date.now();
    await expect(
      readRegistryCredentials({
        registry: 'ghcr.io',
        dockerConfig: folder,
        env: env(),
        timeoutMs: 200,
      }),
    ).rejects.toThrow(/did not answer within 200 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(
      readRegistryCredentials({
        registry: 'ghcr.io',
        dockerConfig: folder,
        env: env(),
        signal: controller.signal,
      }),
    ).rejects.toSatisfy((error) => CancelledError.isInstance(error));
  });

  it('a config that is not JSON is an error naming the file', async () => {
    const folder = await config('{not json');
    await expect(
      readRegistryCredentials({ registry: 'ghcr.io', dockerConfig: folder }),
    ).rejects.toThrow(/config\.json is not valid JSON/);
  });
});

describe('using credentials', () => {
  const local = registryCredentials({
    registry: '127.0.0.1:5000',
    username: 'u',
    password: 'p+/?',
  });
  const ghcr = registryCredentials({
    registry: 'ghcr.io',
    username: 'x',
    password: 'ghs_shortlived',
  });

  it('credentialsFor picks by the image registry and ignores anonymous ones', () => {
    expect(credentialsFor([local, ghcr], '127.0.0.1:5000/app:1')).toBe(local);
    expect(credentialsFor(local, '127.0.0.1:5000')).toBe(local);
    expect(credentialsFor([local, ghcr], 'ghcr.io/o/r')).toBe(ghcr);
    expect(credentialsFor([local], 'busybox')).toBeUndefined();
    const hub = registryCredentials({ registry: 'docker.io', username: 'h', password: 'p' });
    // An official image with a tag is an image, not a host with a port.
    expect(credentialsFor([local, hub], 'busybox:1.36')).toBe(hub);
    expect(credentialsFor([local, hub], 'busybox')).toBe(hub);
    expect(credentialsFor([local, hub], 'https://127.0.0.1:5000/')).toBe(local);
    expect(credentialsFor([local, hub], 'localhost:5000')).toBeUndefined();
    expect(
      credentialsFor(registryCredentials({ registry: 'ghcr.io' }), 'ghcr.io/o/r'),
    ).toBeUndefined();
    expect(credentialsFor(undefined, 'busybox')).toBeUndefined();
  });

  it('encodes X-Registry-Auth as URL-safe base64 with padding', () => {
    const header = encodeRegistryAuth(local) ?? '';
    expect(header).not.toMatch(/[+/]/);
    const decoded = JSON.parse(
      Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString(),
    );
    expect(decoded).toEqual({ username: 'u', password: 'p+/?', serveraddress: '127.0.0.1:5000' });
    const hub = registryCredentials({ registry: 'docker.io', identityToken: 'tok' });
    expect(JSON.parse(Buffer.from(encodeRegistryAuth(hub) ?? '', 'base64url').toString())).toEqual({
      identitytoken: 'tok',
      serveraddress: 'https://index.docker.io/v1/',
    });
    expect(encodeRegistryAuth(registryCredentials({ registry: 'ghcr.io' }))).toBeUndefined();
  });

  it('checkCredentialsOption refuses shapes it cannot use instead of pulling anonymously', () => {
    expect(checkCredentialsOption([local, ghcr])).toEqual([local, ghcr]);
    expect(checkCredentialsOption(undefined)).toBeUndefined();
    const fieldOf = (value: unknown) => {
      try {
        checkCredentialsOption(value);
        return 'accepted';
      } catch (error) {
        return OptionsError.isInstance(error) ? `${error.field}: ${error.message}` : 'other error';
      }
    };
    expect(fieldOf({ '127.0.0.1:5000': { username: 'u', password: 'p' } })).toMatch(
      /^credentials: .*no `registry`/,
    );
    expect(fieldOf({ foo: 1 })).toMatch(/no `registry`/);
    expect(fieldOf({ serveraddress: 'x', username: 'u', password: 'p' })).toMatch(/no `registry`/);
    expect(fieldOf([local, { registry: 'r', username: 'u' }])).toMatch(
      /^credentials\[1\]: .*both a username and a password/,
    );
    expect(fieldOf({ registry: 'r', token: 'x' })).toMatch(/unknown field `token`/);
    expect(fieldOf('user:pass')).toMatch(/not a RegistryCredentials/);
  });

  it('flags GitHub Actions tokens as short-lived', () => {
    expect(isShortLivedCredential(ghcr)).toBe(true);
    expect(isShortLivedCredential(local)).toBe(false);
  });
});
