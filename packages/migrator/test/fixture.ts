import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { engineAuthConfig, type RegistryCredentials, registryCredentials } from '@swarmlift/core';
import { dockerCli, dockerClient, type TestEnv, uniqueName, waitFor } from '@swarmlift/testkit';

const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), 'django-fixture');

/** The test registry's credentials, as core makes them (the password is not enumerable). */
export function testCredentials(env: TestEnv): RegistryCredentials {
  return registryCredentials({
    registry: env.REGISTRY_HOST,
    username: env.REGISTRY_USER,
    password: env.REGISTRY_PASSWORD,
  });
}

/**
 * Builds the tiny Django project (apps `shop` and `notes`, four migrations,
 * a `ping_redis` command) on IMAGE_DJANGO, pushes it under a unique tag and
 * removes the local tag, so the first job has to pull it with registry auth.
 */
export async function buildFixtureImage(
  env: TestEnv,
): Promise<{ ref: string; remove(): Promise<void> }> {
  const ref = `${env.REGISTRY_HOST}/swarmlift-test/migrator-fixture:${uniqueName('m')}`;
  await dockerCli(
    env,
    ['build', '-q', '--build-arg', `BASE=${env.IMAGE_DJANGO}`, '-t', ref, fixtureDir],
    {
      env: { DOCKER_BUILDKIT: '0' },
    },
  );
  const docker = dockerClient(env);
  const push = await docker
    .getImage(ref)
    .push({ authconfig: engineAuthConfig(testCredentials(env)) });
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(
      push,
      (error: Error | null) => (error ? reject(error) : resolve()),
      (event: unknown) => lines.push(JSON.stringify(event)),
    ),
  );
  const failed = lines.find((line) => line.includes('"error'));
  if (failed) throw new Error(`push of the fixture image failed: ${failed}`);
  await docker.getImage(ref).remove();
  return {
    ref,
    remove: async () => {
      await docker
        .getImage(ref)
        .remove({ force: true })
        .catch(() => {});
    },
  };
}

/** A fresh database for one test, created and dropped from the host (password in the env, never argv). */
export async function createDatabase(
  env: TestEnv,
): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `sltest_${randomBytes(5).toString('hex')}`;
  await psql(env, `CREATE DATABASE ${name}`);
  return {
    name,
    drop: async () => {
      await psql(env, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export async function psql(env: TestEnv, sql: string, database = env.PG_DATABASE): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'psql',
    ['-h', env.PG_HOST, '-p', String(env.PG_PORT), '-U', env.PG_USER, '-d', database, '-tAc', sql],
    { env: { ...process.env, PGPASSWORD: env.PG_PASSWORD } },
  );
  return stdout.trim();
}

/** The guide's env for the Django project: the database through docker_gwbridge, as Swarm tasks reach the host. */
export function djangoEnv(
  env: TestEnv,
  database: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SECRET_KEY: `sltest-secret-${randomBytes(6).toString('hex')}`,
    DB_NAME: database,
    DB_USER: env.PG_USER,
    DB_PASSWORD: env.PG_PASSWORD,
    DB_HOST: env.PG_SWARM_HOST,
    DB_PORT: String(env.PG_PORT),
    ...extra,
  };
}

/**
 * A stack with an overlay network `<stack>_default` and a `redis` service
 * (endpoint_mode dnsrr: no IPVS here) as `docker stack deploy` would create
 * them. Resolves once redis runs.
 */
export async function startRedisStack(env: TestEnv, stack: string): Promise<void> {
  const docker = dockerClient(env);
  const labels = { 'com.docker.stack.namespace': stack };
  await docker.createNetwork({
    Name: `${stack}_default`,
    Driver: 'overlay',
    Attachable: true,
    Labels: labels,
  });
  const service = await docker.createService({
    Name: `${stack}_redis`,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: env.IMAGE_DJANGO,
        Args: ['redis-server', '--protected-mode', 'no', '--save', ''],
        Labels: labels,
      },
      Networks: [{ Target: `${stack}_default`, Aliases: ['redis'] }],
    },
    Mode: { Replicated: { Replicas: 1 } },
    EndpointSpec: { Mode: 'dnsrr' },
  });
  await waitFor(
    'redis to run',
    async () => {
      const tasks = await docker.listTasks({ filters: JSON.stringify({ service: [service.id] }) });
      return tasks.some((task) => task.Status?.State === 'running') ? true : undefined;
    },
    60_000,
  );
}

/** Job services and containers of one stack that are still there (there should be none after a run). */
export async function leftovers(env: TestEnv, stack: string): Promise<string[]> {
  const docker = dockerClient(env);
  const filters = JSON.stringify({ label: [`io.swarmlift.one-off=${stack}`] });
  const services = await docker.listServices({ filters });
  const containers = await docker.listContainers({ all: true, filters });
  return [
    ...services.map((s) => `service ${s.Spec?.Name}`),
    ...containers
      .filter((c) => !c.Labels['com.docker.swarm.task.id'])
      .map((c) => `container ${c.Names[0]}`),
  ];
}
