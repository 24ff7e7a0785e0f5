import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, type TestEnv } from '@swarmlift/testkit';

const run = promisify(execFile);

/** What one end-to-end test deploys to: its stack, image, database, static site and edge port. */
export interface E2eTarget {
  /** The stack's name, also the static site's name (`sltest-…`, removed by up.sh when left over). */
  name: string;
  imageName: string;
  database: string;
  staticTarget: string;
  /** nginx :8081's URL for this test's static files (trailing slash). */
  staticUrl: string;
  edgePort: number;
  /** The edge service's URL (trailing slash). */
  edgeUrl: string;
}

export async function e2eTarget(env: TestEnv, name: string): Promise<E2eTarget> {
  const edgePort = await freePort();
  return {
    name,
    imageName: `swarmlift-e2e/${name}`,
    database: `sltest_e2e_${randomBytes(5).toString('hex')}`,
    staticTarget: `${env.NGINX_TEST_STATIC_ROOT}/${name}`,
    staticUrl: `http://127.0.0.1:${env.NGINX_PORT}/t/${name}/static/`,
    edgePort,
    edgeUrl: `http://127.0.0.1:${edgePort}/`,
  };
}

/** A throw-away HOME, so no ~/.docker/config.json or ~/.ssh of the machine is used. */
let home: Promise<string> | undefined;
function freshHome(): Promise<string> {
  home ??= mkdtemp(join(tmpdir(), 'sltest-e2e-home-')).then((dir) => {
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  });
  return home;
}

/**
 * The environment a CI job would give `swarmlift deploy`: the guide's
 * secrets and variables, for the shared test services, and nothing of the
 * runner's own environment but PATH. `overrides` set (string) or remove
 * (undefined) variables.
 */
export async function cliEnv(
  env: TestEnv,
  target: E2eTarget,
  overrides: Record<string, string | undefined> = {},
): Promise<Record<string, string>> {
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: await freshHome(),
    CI: 'true',
    REGISTRY: env.REGISTRY_HOST,
    IMAGE_NAME: target.imageName,
    STACK_NAME: target.name,
    SWARM_MANAGER_IP: env.SSH_HOST,
    SSH_PORT: String(env.SSH_PORT),
    SSH_USER: env.SSH_USER,
    SSH_PRIVATE_KEY: readFileSync(env.SSH_KEY_PATH, 'utf8'),
    SSH_HOST_KEY: env.SSH_HOST_KEY_FINGERPRINT,
    REGISTRY_USERNAME: env.REGISTRY_USER,
    REGISTRY_PASSWORD: env.REGISTRY_PASSWORD,
    SECRET_KEY: `e2e-${randomBytes(36).toString('base64url')}`,
    DEBUG: '0',
    DB_NAME: target.database,
    DB_USER: env.PG_USER,
    DB_PASSWORD: env.PG_PASSWORD,
    DB_HOST: env.PG_SWARM_HOST,
    DB_PORT: String(env.PG_PORT),
    REDIS_URI: 'redis:6379/0',
    STATIC_TARGET: target.staticTarget,
    EDGE_PORT: String(target.edgePort),
    // The test image already has Django, gunicorn, psycopg2, redis and nginx: no package index needed.
    BUILD_ARGS: `BASE_IMAGE=${env.IMAGE_DJANGO}\nINSTALL_REQUIREMENTS=0`,
    // The stack's other services run the same local test image (no image can be pulled here).
    REDIS_IMAGE: env.REGISTRY_IMAGE_DJANGO,
    EDGE_IMAGE: env.REGISTRY_IMAGE_DJANGO,
    ...overrides,
  };
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) result[key] = value;
  return result;
}

/** Runs one SQL statement as the test database user, in `database` (default the shared one). */
export async function psql(env: TestEnv, sql: string, database = env.PG_DATABASE): Promise<string> {
  const { stdout } = await run(
    'psql',
    ['-h', env.PG_HOST, '-p', String(env.PG_PORT), '-U', env.PG_USER, '-d', database, '-tAc', sql],
    { env: { PATH: process.env.PATH, PGPASSWORD: env.PG_PASSWORD } },
  );
  return stdout.trim();
}

export async function createDatabase(env: TestEnv, name: string): Promise<void> {
  await psql(env, `CREATE DATABASE ${name}`);
}

export async function dropDatabase(env: TestEnv, name: string): Promise<void> {
  await psql(env, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
