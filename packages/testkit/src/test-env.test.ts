import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRepoRoot, loadTestEnv, TestEnvMissingError, testEnvFile } from './test-env.js';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function fakeRepo(env: Record<string, string> | undefined): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'testkit-'));
  await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
  if (env) {
    await mkdir(join(root, '.testenv'));
    const text = Object.entries(env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('');
    await writeFile(join(root, '.testenv', 'env'), text);
  }
  return root;
}

async function listeningSocket(root: string): Promise<string> {
  const path = join(root, 'docker.sock');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  closers.push(() => server.close());
  return path;
}

function completeEnv(socket: string): Record<string, string> {
  return {
    DOCKER_SOCKET: socket,
    SSH_HOST: '127.0.0.1',
    SSH_PORT: '2222',
    SSH_USER: 'deploy',
    SSH_KEY_PATH: '/k',
    SSH_KNOWN_HOSTS_PATH: '/kh',
    SSH_HOST_KEY_FINGERPRINT: 'SHA256:abc',
    REGISTRY_HOST: '127.0.0.1:5000',
    REGISTRY_USER: 'u',
    REGISTRY_PASSWORD: 'p',
    PG_HOST: '127.0.0.1',
    PG_SWARM_HOST: '172.18.0.1',
    PG_PORT: '5432',
    PG_DATABASE: 'd',
    PG_USER: 'u',
    PG_PASSWORD: 'p',
    NGINX_PORT: '8081',
    NGINX_STATIC_TARGET: '/srv/x',
    NGINX_TEST_STATIC_ROOT: '/srv/t',
    IMAGE_BUSYBOX: 'b',
    IMAGE_DJANGO: 'd',
    REGISTRY_IMAGE_BUSYBOX: 'rb',
    REGISTRY_IMAGE_DJANGO: 'rd',
  };
}

describe('loadTestEnv', () => {
  it('reads and types .testenv/env', async () => {
    const root = await fakeRepo({});
    const env = completeEnv(await listeningSocket(root));
    await writeFile(
      join(root, '.testenv', 'env'),
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    const loaded = loadTestEnv(root, {});
    expect(loaded.SSH_PORT).toBe(2222);
    expect(loaded.repoRoot).toBe(root);
    expect(loaded.file).toBe(join(root, '.testenv', 'env'));
  });

  it('reads the file SWARMLIFT_TESTENV_FILE names instead (relative to the repository root)', async () => {
    const root = await fakeRepo(undefined);
    const env = completeEnv(await listeningSocket(root));
    await mkdir(join(root, '.testenv', 'e26'), { recursive: true });
    await writeFile(
      join(root, '.testenv', 'e26', 'testenv'),
      Object.entries({ ...env, SSH_HOST: '198.18.26.2', SSH_PORT: '22' })
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    const loaded = loadTestEnv(root, { SWARMLIFT_TESTENV_FILE: '.testenv/e26/testenv' });
    expect(loaded).toMatchObject({ SSH_HOST: '198.18.26.2', SSH_PORT: 22 });
    expect(loaded.file).toBe(join(root, '.testenv', 'e26', 'testenv'));
  });

  it('says which target to start when the chosen file is missing, and marks the error as chosen', async () => {
    const root = await fakeRepo(undefined);
    const load = () => loadTestEnv(root, { SWARMLIFT_TESTENV_FILE: '.testenv/e26/testenv' });
    expect(load).toThrow(/SWARMLIFT_TESTENV_FILE.*cluster\.sh --name e26 up --solo/);
    try {
      load();
    } catch (error) {
      expect((error as TestEnvMissingError).chosen).toBe(true);
    }
    expect(testEnvFile('/repo', {})).toEqual({ file: '/repo/.testenv/env', chosen: false });
    expect(testEnvFile('/repo', { SWARMLIFT_TESTENV_FILE: '/abs/env' })).toEqual({
      file: '/abs/env',
      chosen: true,
    });
  });

  it('says how to start the environment when the file is missing', async () => {
    const root = await fakeRepo(undefined);
    expect(() => loadTestEnv(root, {})).toThrow(TestEnvMissingError);
    expect(() => loadTestEnv(root, {})).toThrow(/scripts\/testenv\/up\.sh/);
  });

  it('names the keys that are missing', async () => {
    const root = await fakeRepo({ DOCKER_SOCKET: '/x' });
    expect(() => loadTestEnv(root, {})).toThrow(/SSH_HOST/);
  });

  it('notices that the engine is not running', async () => {
    const root = await fakeRepo(completeEnv('/nonexistent/docker.sock'));
    expect(() => loadTestEnv(root, {})).toThrow(/socket .* is not there/);
  });

  it('finds the repository root from a nested folder', async () => {
    const root = await fakeRepo(undefined);
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    expect(findRepoRoot(join(root, 'a', 'b'))).toBe(root);
  });
});
