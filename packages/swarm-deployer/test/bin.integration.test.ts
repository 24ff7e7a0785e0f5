// The swarmlift-stack bin end to end, as a CI job would run it: the built
// dist/bin, DOCKER_HOST=ssh://… against the real sshd, the SSH key and
// known_hosts from ~/.ssh/config and registry credentials from
// ~/.docker/config.json (a temporary HOME holds both).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIntegration, dockerClient, removeStack, uniqueName } from '@swarmlift/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningTaskIds } from './running-task-ids.js';

const BIN = join(import.meta.dirname, '..', 'dist', 'bin', 'swarmlift-stack.js');
const FIXTURE = join(import.meta.dirname, 'deploy-fixtures', 'two-services.yml');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describeIntegration('swarmlift-stack bin over SSH', (env) => {
  const docker = dockerClient(env);
  const stacks: string[] = [];
  let home: string;
  let project: string;
  const target = `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`;

  const run = (args: string[], extraEnv: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        {
          cwd: project,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: home,
            DOCKER_HOST: target,
            IMAGE: env.REGISTRY_IMAGE_BUSYBOX,
            API_TOKEN: 'token-one-value',
            ...extraEnv,
          },
        },
        (error, stdout, stderr) => {
          const code = error ? ((error as { code?: unknown }).code as number) : 0;
          resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
        },
      );
    });
  const newStack = (label: string) => {
    const name = uniqueName(label);
    stacks.push(name);
    return name;
  };
  const filters = (stack: string) =>
    JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] });
  const state = async (stack: string) =>
    (await docker.listServices({ filters: filters(stack) }))
      .map((s) => [
        s.Spec?.Name,
        s.ID,
        s.Version?.Index,
        (s.Spec?.TaskTemplate as { ContainerSpec?: { Image?: string } } | undefined)?.ContainerSpec
          ?.Image,
      ])
      .sort();
  beforeAll(async () => {
    if (!existsSync(BIN))
      throw new Error(
        `${BIN} is missing: run \`pnpm --filter @swarmlift/swarm-deployer run build\` first.`,
      );
    home = await mkdtemp(join(tmpdir(), 'swarmlift-stack-home-'));
    project = await mkdtemp(join(tmpdir(), 'swarmlift-stack-project-'));
    await mkdir(join(home, '.ssh'), { mode: 0o700 });
    await mkdir(join(home, '.docker'));
    await writeFile(
      join(home, '.ssh', 'config'),
      `Host ${env.SSH_HOST}\n  IdentityFile ${env.SSH_KEY_PATH}\n  UserKnownHostsFile ${env.SSH_KNOWN_HOSTS_PATH}\n`,
    );
    const basic = Buffer.from(`${env.REGISTRY_USER}:${env.REGISTRY_PASSWORD}`).toString('base64');
    await writeFile(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { [env.REGISTRY_HOST]: { auth: basic } } }),
    );
    await copyFile(FIXTURE, join(project, 'docker-compose.yml'));
    await writeFile(join(project, 'db_password.txt'), 'first-db-password');
  });
  afterAll(async () => {
    await Promise.all(stacks.map((stack) => removeStack(env, stack)));
    await rm(home, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  });

  describe('deploy, re-deploy, change one value, remove', () => {
    const stack = newStack('bin');
    let deployed: Awaited<ReturnType<typeof state>>;
    let tasks: string[];

    it('deploys (exit 0) and pins the digest with the Docker config credentials', async () => {
      const first = await run([
        'deploy',
        '--with-registry-auth',
        '-c',
        'docker-compose.yml',
        stack,
      ]);
      expect(first.stderr).not.toContain('token-one-value');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(`+ ${stack}_web`);
      deployed = await state(stack);
      expect(deployed).toHaveLength(2);
      for (const service of deployed)
        expect(service[3]).toMatch(
          new RegExp(`^${env.REGISTRY_IMAGE_BUSYBOX}@sha256:[0-9a-f]{64}$`),
        );
      tasks = await runningTaskIds(docker, stack, 2);
    });

    it('re-deploys the same file without changing anything', async () => {
      const again = await run([
        'deploy',
        '--with-registry-auth',
        '-c',
        'docker-compose.yml',
        stack,
      ]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('No changes.');
      expect(await state(stack)).toEqual(deployed);
      expect(await runningTaskIds(docker, stack, 2)).toEqual(tasks);
    });

    it('updates only the service whose env value changed, never printing the value', async () => {
      const changed = await run(
        ['deploy', '--with-registry-auth', '-c', 'docker-compose.yml', stack],
        { API_TOKEN: 'token-two-value' },
      );
      expect(changed.code).toBe(0);
      expect(changed.stdout).toContain('Env API_TOKEN (value changed)');
      expect(changed.stderr).toContain(`Updating service ${stack}_web`);
      for (const text of [changed.stdout, changed.stderr]) {
        expect(text).not.toContain('token-one-value');
        expect(text).not.toContain('token-two-value');
        expect(text).not.toContain('first-db-password');
      }
      const after = await state(stack);
      const version = (list: typeof after, name: string) =>
        list.find((s) => s[0] === name)?.[2] as number;
      expect(version(after, `${stack}_web`)).toBeGreaterThan(version(deployed, `${stack}_web`));
      expect(version(after, `${stack}_worker`)).toBe(version(deployed, `${stack}_worker`));
    });

    it('removes the stack (rm, exit 0)', async () => {
      const removed = await run(['rm', stack]);
      expect(removed.code).toBe(0);
      expect(await state(stack)).toEqual([]);
    });
  });

  it('plans without changing anything (plan, --dry-run), also over unix://', async () => {
    const stack = newStack('binplan');
    const plan = await run(['plan', '-c', 'docker-compose.yml', stack]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('to create');
    const dry = await run(['deploy', '--dry-run', '-c', 'docker-compose.yml', stack], {
      DOCKER_HOST: `unix://${env.DOCKER_SOCKET}`,
    });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`+ ${stack}_worker`);
    expect(await state(stack)).toEqual([]);
    expect(await docker.listSecrets({ filters: filters(stack) })).toEqual([]);
  });

  it('exits 2 for an invalid file or usage, without touching the swarm', async () => {
    const stack = newStack('bininvalid');
    await writeFile(
      join(project, 'broken.yml'),
      'services:\n  web:\n    image: busybox\n    replicas: [\n',
    );
    const broken = await run(['deploy', '-c', 'broken.yml', stack]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.yml');
    const usage = await run(['deploy', stack]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('-c');
    const badMode = await run([
      'deploy',
      '--resolve-image',
      'sometimes',
      '-c',
      'docker-compose.yml',
      stack,
    ]);
    expect(badMode.code).toBe(2);
    expect(await state(stack)).toEqual([]);
  });

  it('exits 3 when the host key is not the pinned one or is unknown, and never trusts it silently', async () => {
    const stack = newStack('binhostkey');
    const wrong = await run(['deploy', '-c', 'docker-compose.yml', stack], {
      SSH_HOST_KEY_FINGERPRINT: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('SSH_HOST_KEY_MISMATCH');
    const right = await run([
      'plan',
      '--host-key-fingerprint',
      env.SSH_HOST_KEY_FINGERPRINT,
      '-c',
      'docker-compose.yml',
      stack,
    ]);
    expect(right.code).toBe(0);
    // A pin is the only key accepted: with a wrong one, the known_hosts that would vouch for the key is not read.
    const pinOnly = await run(
      [
        'plan',
        '--host-key-fingerprint',
        'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        '-c',
        'docker-compose.yml',
        stack,
      ],
      { SSH_KNOWN_HOSTS: env.SSH_KNOWN_HOSTS_PATH },
    );
    expect(pinOnly.code).toBe(3);
    expect(pinOnly.stderr).toContain('SSH_HOST_KEY_MISMATCH');
    // A HOME whose ssh config names no known_hosts with this host: refused, not trusted on first use.
    const bare = await mkdtemp(join(tmpdir(), 'swarmlift-stack-bare-'));
    try {
      await mkdir(join(bare, '.ssh'));
      await writeFile(
        join(bare, '.ssh', 'config'),
        `Host ${env.SSH_HOST}\n  IdentityFile ${env.SSH_KEY_PATH}\n  UserKnownHostsFile ${join(bare, 'empty_known_hosts')}\n`,
      );
      const unknown = await run(['deploy', '-c', 'docker-compose.yml', stack], { HOME: bare });
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toContain('SSH_HOST_KEY_UNKNOWN');
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
    const unreachable = await run(['plan', '-c', 'docker-compose.yml', stack], {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    expect(unreachable.code).toBe(3);
    expect(await state(stack)).toEqual([]);
  });

  it('exits 1 when the image cannot be resolved, and changes nothing', async () => {
    const stack = newStack('binnoimage');
    const missing = await run(['deploy', '-c', 'docker-compose.yml', stack], {
      IMAGE: `${env.REGISTRY_HOST}/swarmlift-test/no-such-image:1`,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-image');
    expect(missing.stderr).not.toContain(env.REGISTRY_PASSWORD);
    expect(await state(stack)).toEqual([]);
    expect(await docker.listNetworks({ filters: filters(stack) })).toEqual([]);
  });
});
