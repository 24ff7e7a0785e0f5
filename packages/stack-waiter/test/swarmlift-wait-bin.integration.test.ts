import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describeIntegration } from '@swarmlift/testkit';
import { execa } from 'execa';
import { afterAll, beforeAll, it } from 'vitest';
import { busyboxService, compose, stackDeploy, testStack } from './stacks.js';

// The built bin, as `npx swarmlift-wait` runs it (turbo builds before test:integration).
const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describeIntegration('swarmlift-wait over DOCKER_HOST=ssh://', (env) => {
  const { stack, cleanup } = testStack(env, 'wait-bin');
  const ssh = ['--identity-file', env.SSH_KEY_PATH, '--known-hosts', env.SSH_KNOWN_HOSTS_PATH];
  const run = (args: string[], extraEnv: Record<string, string> = {}) =>
    execa('node', [bin, ...args], {
      reject: false,
      env: {
        DOCKER_HOST: `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`,
        SSH_AUTH_SOCK: '',
        ...extraEnv,
      },
      extendEnv: false,
    });

  beforeAll(async () => {
    const slow = busyboxService(env, { command: 'sleep 3600' }).replace(
      '    deploy:',
      '    healthcheck:\n      test: ["CMD-SHELL", "true"]\n      interval: 60s\n      start_period: 60s\n    deploy:',
    );
    await stackDeploy(
      env,
      stack,
      compose({ web: busyboxService(env, { command: 'sleep 3600', healthcheck: 'true' }), slow }),
    );
  });
  afterAll(cleanup);

  it.concurrent('exits 0 with the JSON result when the named service converged', async ({
    expect,
  }) => {
    const result = await run([stack, '-n', 'web', '-t', '60', '--json', ...ssh]);
    expect(result.stderr).toContain(`${stack}_web: converged`);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ stack, status: 'converged', ok: true });
    expect(json.services.map((s: { name: string }) => s.name)).toEqual([`${stack}_web`]);
  });

  it.concurrent('exits 5 on a timeout and names what was pending', async ({ expect }) => {
    const result = await run([stack, '-n', 'slow', '-t', '3', ...ssh]);
    expect(result.exitCode).toBe(5);
    expect(result.stdout).toContain(`stack ${stack}: TIMED OUT after 3 s`);
    expect(result.stdout).toContain(`still pending: ${stack}_slow`);
  });

  it.concurrent('refuses a host key it cannot verify (exit 3, no trust on first use)', async ({
    expect,
  }) => {
    const result = await run([
      stack,
      '-t',
      '5',
      '--identity-file',
      env.SSH_KEY_PATH,
      '--known-hosts',
      '/dev/null',
    ]);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('SSH_HOST_KEY_UNKNOWN');
  });

  it.concurrent('a pin is the only key accepted: a wrong one fails although known_hosts has the key (exit 3)', async ({
    expect,
  }) => {
    const wrongPin = `SHA256:${Buffer.alloc(32, 7).toString('base64').replace(/=+$/, '')}`;
    const result = await run(
      [stack, '-n', 'web', '-t', '30', ...ssh, '--host-key-fingerprint', wrongPin],
      { SSH_KNOWN_HOSTS: env.SSH_KNOWN_HOSTS_PATH },
    );
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('SSH_HOST_KEY_MISMATCH');
  });

  it.concurrent('the right pin (SSH_HOST_KEY_FINGERPRINT) and the key text (SSH_PRIVATE_KEY) are enough', async ({
    expect,
  }) => {
    const result = await run([stack, '-n', 'web', '-t', '60'], {
      SSH_HOST_KEY_FINGERPRINT: env.SSH_HOST_KEY_FINGERPRINT,
      SSH_PRIVATE_KEY: await readFile(env.SSH_KEY_PATH, 'utf8'),
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`stack ${stack}: converged`);
    // The key text never shows up in what the bin prints.
    expect(result.stderr).not.toContain('PRIVATE KEY');
  });

  it.concurrent('an unknown stack is an error (exit 1), a usage error exits 2', async ({
    expect,
  }) => {
    const missing = await run([`${stack}-none`, '-t', '5', ...ssh]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('error [WAIT_STACK_EMPTY]');
    const usage = await run(['-t', 'soon', stack]);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain('--timeout: "soon" is not a positive number of seconds');
    expect(usage.stderr).toContain('usage: swarmlift-wait STACK');
  });
});
