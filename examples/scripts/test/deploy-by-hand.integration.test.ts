import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { registryCredentials, SwarmliftError } from '@swarmlift/core';
import { ImageBuilderError } from '@swarmlift/image-builder';
import { readStackLock } from '@swarmlift/remote';
import {
  describeIntegration,
  dockerClient,
  findRepoRoot,
  freePort,
  removeStack,
  type TestEnv,
  uniqueName,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type DeployByHandResult,
  type DeployByHandSettings,
  deployByHand,
} from '../deploy-by-hand.js';

const run = promisify(execFile);

async function psql(env: TestEnv, sql: string, database = env.PG_DATABASE): Promise<string> {
  const { stdout } = await run(
    'psql',
    ['-h', env.PG_HOST, '-p', String(env.PG_PORT), '-U', env.PG_USER, '-d', database, '-tAc', sql],
    { env: { ...process.env, PGPASSWORD: env.PG_PASSWORD } },
  );
  return stdout.trim();
}

describeIntegration('examples/scripts/deploy-by-hand.ts', (env) => {
  const docker = dockerClient(env);
  const stack = uniqueName('byhand');
  const database = `sltest_${randomBytes(5).toString('hex')}`;
  const site = uniqueName('byhand');
  const staticTarget = `${env.NGINX_TEST_STATIC_ROOT}/${site}`;
  const imageName = `swarmlift-test/${stack}`;
  const sha = randomBytes(20).toString('hex');
  const lines: string[] = [];
  let edgePort: number;
  let repoDir: string;
  let settings: DeployByHandSettings;
  let result: DeployByHandResult;

  beforeAll(async () => {
    // A copy of the reference app, so the env file the script writes stays out of the work tree.
    repoDir = await mkdtemp(join(tmpdir(), 'sltest-byhand-'));
    await cp(join(findRepoRoot(), 'examples', 'django-app'), repoDir, { recursive: true });
    await psql(env, `CREATE DATABASE ${database}`);
    edgePort = await freePort();
    settings = {
      repoDir,
      connection: {
        target: `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`,
        privateKeyPath: env.SSH_KEY_PATH,
        hostKey: { fingerprint: env.SSH_HOST_KEY_FINGERPRINT },
      },
      registry: env.REGISTRY_HOST,
      imageName,
      stack,
      credentials: registryCredentials({
        registry: env.REGISTRY_HOST,
        username: env.REGISTRY_USER,
        password: env.REGISTRY_PASSWORD,
      }),
      appEnv: {
        SECRET_KEY: `byhand-${randomBytes(32).toString('hex')}`,
        DB_NAME: database,
        DB_USER: env.PG_USER,
        DB_PASSWORD: env.PG_PASSWORD,
        DB_HOST: env.PG_SWARM_HOST,
        DB_PORT: String(env.PG_PORT),
        REDIS_URI: 'redis:6379/0',
      },
      staticTarget,
      sha,
      // The test image already has Django, gunicorn, psycopg2 and django-redis: the
      // Dockerfile sees that and skips pip, so no package index is needed.
      buildArgs: { BASE_IMAGE: env.IMAGE_DJANGO },
      // No image pulls here: redis and the edge proxy run from the test image, which
      // has redis-server and nginx; the edge publishes a free host port.
      composeEnv: {
        EDGE_PORT: String(edgePort),
        REDIS_IMAGE: env.REGISTRY_IMAGE_DJANGO,
        EDGE_IMAGE: env.REGISTRY_IMAGE_DJANGO,
      },
      log: (line) => lines.push(line),
    };
    result = await deployByHand(settings);
  }, 600_000);

  afterAll(async () => {
    await removeStack(env, stack).catch(() => {});
    await psql(env, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    await rm(staticTarget, { recursive: true, force: true });
    await rm(repoDir, { recursive: true, force: true });
  });

  it('builds and pushes the image the compose file names, tagged with the short SHA', () => {
    expect(result.version).toBe(sha.slice(0, 7));
    expect(result.image).toBe(`${env.REGISTRY_HOST}/${imageName}/django-app:${sha.slice(0, 7)}`);
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('runs the stack service on exactly that image, pinned by digest', async () => {
    const [service] = await docker.listServices({
      filters: JSON.stringify({ name: [`${stack}_django`] }),
    });
    const template = service?.Spec?.TaskTemplate as
      | { ContainerSpec?: { Image?: string } }
      | undefined;
    const image = template?.ContainerSpec?.Image ?? '';
    expect(image).toBe(`${result.image}@${result.digest}`);
    const tasks = await docker.listTasks({
      filters: JSON.stringify({ service: [`${stack}_django`], 'desired-state': ['running'] }),
    });
    expect(tasks.map((task) => task.Status?.State)).toEqual(['running']);
  });

  it('serves the collected static files from the switched release', async () => {
    const response = await fetch(
      `http://127.0.0.1:${env.NGINX_PORT}/t/${site}/static/hits/site.css`,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('font-family');
    expect(result.staticRelease).toBe(result.version);
  });

  it('applied the migration to the database with the new image', async () => {
    expect(result.appliedMigrations).toContain('hits.0001_initial');
    expect(await psql(env, "SELECT to_regclass('public.hits_hit') IS NOT NULL", database)).toBe(
      't',
    );
  });

  it('serves the app through the edge proxy: the version, a Postgres and a Redis counter', async () => {
    const base = `http://127.0.0.1:${edgePort}`;
    const get = async () => {
      const response = await fetch(`${base}/`);
      expect(response.status).toBe(200);
      return (await response.json()) as { hits: number; 'cache-hits': number; version: string };
    };
    const first = await get();
    const second = await get();
    expect(first.version).toBe(result.version);
    expect(second.hits).toBe(first.hits + 1);
    expect(second['cache-hits']).toBe(first['cache-hits'] + 1);
    expect(await psql(env, 'SELECT count(*) FROM hits_hit', database)).toBe(String(second.hits));

    const page = await fetch(`${base}/page/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('src="/static/hits/swarm.svg"');
    const image = await fetch(`${base}/static/hits/swarm.svg`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(await image.text()).toContain('<svg');
  });

  it('wrote the env file with mode 0600 and released the stack lock', async () => {
    const text = await readFile(join(repoDir, 'deployment', '.env'), 'utf8');
    expect(text).toContain(`DB_NAME=${database}`);
    const remote = await (await import('@swarmlift/remote')).connect(settings.connection);
    try {
      expect(await readStackLock({ remote, stack })).toBeUndefined();
    } finally {
      await remote.close();
    }
  });

  it('prints progress without any secret', () => {
    const output = lines.join('\n');
    expect(output).toContain(`stack ${stack}: converged`);
    for (const secret of [
      env.REGISTRY_PASSWORD,
      env.PG_PASSWORD,
      settings.appEnv.SECRET_KEY ?? '?',
    ])
      expect(output).not.toContain(secret);
  });

  it('a failure in any package is handled with one isInstance + code check', async () => {
    const error = await deployByHand({
      ...settings,
      sha: randomBytes(20).toString('hex'),
      credentials: registryCredentials({
        registry: env.REGISTRY_HOST,
        username: env.REGISTRY_USER,
        password: 'not-the-password',
      }),
    }).catch((caught: unknown) => caught);
    expect(SwarmliftError.isInstance(error)).toBe(true);
    if (!SwarmliftError.isInstance(error)) return;
    expect(ImageBuilderError.isInstance(error)).toBe(true);
    expect(error.code).toMatch(/^IMAGE_|^REGISTRY_/);
    expect(`${error.message}\n${error.hint}`).not.toContain('not-the-password');
  });
});
