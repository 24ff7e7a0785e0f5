import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import {
  describeIntegration,
  dockerClient,
  type TestEnv,
  uniqueName,
  waitFor,
} from '../src/index.js';

// These tests check the environment that every other integration test relies
// on, so that a broken set-up shows up here with a clear name.

describeIntegration('the real local test environment', (env) => {
  const docker = dockerClient(env);

  it('has a Docker engine that manages a single-node swarm', async () => {
    const info = await docker.info();
    expect(info.Swarm.LocalNodeState).toBe('active');
    expect(info.Swarm.ControlAvailable).toBe(true);
  });

  it('has the test images', async () => {
    for (const image of [env.IMAGE_BUSYBOX, env.IMAGE_DJANGO]) {
      await expect(docker.getImage(image).inspect()).resolves.toMatchObject({
        Id: expect.any(String),
      });
    }
  });

  it('lets the deploy user reach the engine over SSH with a pinned host key', async () => {
    const { stdout } = await execa('ssh', [
      ...sshOptions(env, env.SSH_KNOWN_HOSTS_PATH),
      `${env.SSH_USER}@${env.SSH_HOST}`,
      'docker info --format {{.Swarm.LocalNodeState}}',
    ]);
    expect(stdout.trim()).toBe('active');
  });

  it('refuses the SSH connection when the known host key differs', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sltest-kh-'));
    const wrong = join(folder, 'known_hosts');
    // A valid ed25519 key that is not the server's.
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(folder, 'other')]);
    const other = (await execa('cat', [join(folder, 'other.pub')])).stdout
      .split(' ')
      .slice(0, 2)
      .join(' ');
    await writeFile(wrong, `[${env.SSH_HOST}]:${env.SSH_PORT} ${other}\n`);
    const result = await execa(
      'ssh',
      [...sshOptions(env, wrong), `${env.SSH_USER}@${env.SSH_HOST}`, 'true'],
      {
        reject: false,
      },
    );
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toMatch(/HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });

  it('records the fingerprint of the host key it pinned', async () => {
    const { stdout } = await execa('ssh-keygen', ['-l', '-f', env.SSH_KNOWN_HOSTS_PATH]);
    expect(stdout).toContain(env.SSH_HOST_KEY_FINGERPRINT);
  });

  it('has a registry that requires auth and holds the test images', async () => {
    const base = `http://${env.REGISTRY_HOST}/v2/`;
    expect((await fetch(base)).status).toBe(401);
    const auth = `Basic ${Buffer.from(`${env.REGISTRY_USER}:${env.REGISTRY_PASSWORD}`).toString('base64')}`;
    expect((await fetch(base, { headers: { authorization: auth } })).status).toBe(200);
    const repo = env.REGISTRY_IMAGE_BUSYBOX.slice(env.REGISTRY_HOST.length + 1).replace(
      /:latest$/,
      '',
    );
    const manifest = await fetch(`${base}${repo}/manifests/latest`, {
      method: 'HEAD',
      headers: {
        authorization: auth,
        accept: 'application/vnd.docker.distribution.manifest.v2+json',
      },
    });
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('docker-content-digest')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('has nginx on its loopback port', async () => {
    const response = await fetch(`http://127.0.0.1:${env.NGINX_PORT}/healthz`);
    expect(response.status).toBe(200);
  });

  it('lets a Swarm task reach PostgreSQL through the gateway with the app credentials', async () => {
    // Stack services sit on overlay networks and reach the host through docker_gwbridge.
    const name = uniqueName('pgcheck');
    const network = await docker.createNetwork({
      Name: name,
      Driver: 'overlay',
      Labels: { 'swarmlift.test': '1' },
    });
    const service = await docker.createService({
      Name: name,
      Labels: { 'swarmlift.test': '1' },
      Networks: [{ Target: network.id }],
      TaskTemplate: {
        ContainerSpec: {
          Image: env.IMAGE_DJANGO,
          Command: ['psql', '-v', 'ON_ERROR_STOP=1', '-tAc', 'select current_user'],
          Env: [
            `PGHOST=${env.PG_SWARM_HOST}`,
            `PGPORT=${env.PG_PORT}`,
            `PGDATABASE=${env.PG_DATABASE}`,
            `PGUSER=${env.PG_USER}`,
            `PGPASSWORD=${env.PG_PASSWORD}`,
          ],
        },
        RestartPolicy: { Condition: 'none' },
      },
      Mode: { Replicated: { Replicas: 1 } },
    });
    try {
      const task = await waitFor(
        'the psql task to finish',
        async () => {
          const tasks = await docker.listTasks({ filters: JSON.stringify({ service: [name] }) });
          const state = tasks[0]?.Status?.State;
          return state === 'complete' || state === 'failed' || state === 'rejected'
            ? tasks[0]
            : undefined;
        },
        60_000,
      );
      expect(task?.Status?.Err ?? '').toBe('');
      expect(task?.Status?.ContainerStatus?.ExitCode).toBe(0);
    } finally {
      await docker.getService(service.id).remove();
      await waitFor('the task container to go', async () => {
        const left = await docker.listContainers({
          all: true,
          filters: JSON.stringify({ label: [`com.docker.swarm.service.name=${name}`] }),
        });
        return left.length === 0 ? true : undefined;
      });
      await network.remove();
    }
  });
});

function sshOptions(env: TestEnv, knownHosts: string): string[] {
  return [
    '-i',
    env.SSH_KEY_PATH,
    '-p',
    String(env.SSH_PORT),
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
  ];
}
