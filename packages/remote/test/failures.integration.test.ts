import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CancelledError, TimedOutError } from '@swarmlift/core';
import {
  describeIntegration,
  dockerClient,
  freePort,
  startPrivateSshd,
  uniqueName,
} from '@swarmlift/testkit';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, type RemoteEvent } from '../src/index.js';
import { privateSshdOptions, rejectionOf, sshOptions } from './helpers.js';

describeIntegration('failures: typed errors, nothing left open', (env) => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sltest-fail-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports each connect failure with its code, quickly, and the process then exits by itself', async () => {
    const stranger = join(dir, 'id_stranger');
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const script = fileURLToPath(new URL('./fixtures/fail-then-exit.mjs', import.meta.url));
    const { stdout, stderr, exitCode } = await execa('node', [script], {
      reject: false,
      env: {
        SSH_USER: env.SSH_USER,
        SSH_HOST: env.SSH_HOST,
        SSH_PORT: String(env.SSH_PORT),
        SSH_KEY_PATH: env.SSH_KEY_PATH,
        SSH_HOST_KEY_FINGERPRINT: env.SSH_HOST_KEY_FINGERPRINT,
        STRANGER_KEY: stranger,
        CLOSED_PORT: String(await freePort()),
      },
      timeout: 30_000,
    });
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    const codes = JSON.parse(stdout);
    expect(codes).toMatchObject({
      mismatch: 'SSH_HOST_KEY_MISMATCH',
      unknown: 'SSH_HOST_KEY_UNKNOWN',
      auth: 'SSH_AUTH_FAILED',
      closedPort: 'SSH_CONNECT_FAILED',
      afterClose: 'SSH_CLOSED',
    });
    for (const label of ['mismatch', 'unknown', 'auth', 'closedPort'])
      expect(codes[`${label}Ms`]).toBeLessThan(5_000);
  });

  it('a killed session mid-call gives SSH_CONNECTION_LOST, not a crash; reconnect: true recovers once', async () => {
    const sshd = await startPrivateSshd(env);
    const docker = dockerClient(env);
    const name = uniqueName('lost');
    const container = await docker.createContainer({
      name,
      Image: env.IMAGE_BUSYBOX,
      Cmd: ['sleep', '120'],
    });
    await container.start();
    const events: RemoteEvent[] = [];
    const remote = await connect(
      privateSshdOptions(env, sshd, {
        reconnect: true,
        onEvent: (event) => events.push(event),
      }),
    );
    try {
      await remote.docker.ping();
      const waiting = rejectionOf(remote.docker.getContainer(container.id).wait());
      const sleeping = rejectionOf(remote.exec(['sleep', '120']));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await sshd.killSessions()).toBeGreaterThan(0);

      const [waitError, execError] = await Promise.all([waiting, sleeping]);
      expect(waitError.code).toBe('SSH_CONNECTION_LOST');
      expect(execError.code).toBe('SSH_CONNECTION_LOST');
      expect(events.map((event) => event.type)).toContain('ssh_connection_lost');

      // The one reconnect: the next call opens a new verified connection.
      expect(await remote.docker.ping()).toBeTruthy();
      expect((await remote.exec(['echo', 'back'])).stdout).toBe('back\n');
      expect(events.map((event) => event.type)).toContain('ssh_reconnected');
      expect(await sshd.acceptedConnections()).toBe(2);

      // Only one: after a second loss, calls fail with the typed error.
      await sshd.killSessions();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await rejectionOf(remote.docker.ping())).code).toBe('SSH_CONNECTION_LOST');
      expect((await rejectionOf(remote.exec(['true']))).code).toBe('SSH_CONNECTION_LOST');
    } finally {
      await remote.close();
      await sshd.stop();
      await container.remove({ force: true });
    }
  });

  it('with reconnect: true, an idempotent command cut off by a lost connection runs again', async () => {
    const sshd = await startPrivateSshd(env);
    const remote = await connect(
      privateSshdOptions(env, sshd, {
        reconnect: true,
      }),
    );
    try {
      const started = Date.now();
      const running = remote.exec(['sh', '-c', 'sleep 1; echo done'], { idempotent: true });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sshd.killSessions();
      expect((await running).stdout).toBe('done\n');
      expect(Date.now() - started).toBeGreaterThan(1_200);
      expect(await sshd.acceptedConnections()).toBe(2);
      // The one reconnect is spent: the next loss is reported, nothing is repeated.
      const once = remote.exec(['sleep', '1']);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sshd.killSessions();
      expect((await rejectionOf(once)).code).toBe('SSH_CONNECTION_LOST');
    } finally {
      await remote.close();
      await sshd.stop();
    }
  });

  it('stops a command on timeout or abort, on the server too', async () => {
    const remote = await connect(sshOptions(env));
    try {
      const marker = String(400 + Math.floor(Math.random() * 500));
      const started = Date.now();
      const timedOut = await rejectionOf(remote.exec(['sleep', marker], { timeoutMs: 300 }));
      expect(timedOut.code).toBe('TIMED_OUT');
      expect(TimedOutError.isInstance(timedOut)).toBe(true);
      expect(Date.now() - started).toBeLessThan(3_000);

      const controller = new AbortController();
      const aborted = rejectionOf(
        remote.exec(['sleep', `${marker}.5`], { signal: controller.signal }),
      );
      setTimeout(() => controller.abort(), 200);
      const abortError = await aborted;
      expect(abortError.code).toBe('CANCELLED');
      expect(CancelledError.isInstance(abortError)).toBe(true);

      await new Promise((resolve) => setTimeout(resolve, 500));
      const left = await execa('pgrep', ['-f', `sleep ${marker}`], { reject: false });
      expect(left.stdout).toBe('');
    } finally {
      await remote.close();
    }
  });

  it('cancels a command still waiting for a session slot, and keeps the slot count', async () => {
    const remote = await connect(sshOptions(env, { maxSessions: 1 }));
    try {
      const busy = remote.exec(['sh', '-c', 'sleep 1; echo first']);
      const controller = new AbortController();
      const started = Date.now();
      const waiting = rejectionOf(remote.exec(['echo', 'never'], { signal: controller.signal }));
      setTimeout(() => controller.abort(), 100);
      const error = await waiting;
      expect(error).toMatchObject({ code: 'CANCELLED' });
      expect(Date.now() - started).toBeLessThan(800);
      expect((await busy).stdout).toBe('first\n');
      expect((await remote.exec(['echo', 'after'])).stdout).toBe('after\n');
    } finally {
      await remote.close();
    }
  });

  it('rejects a non-zero exit with REMOTE_COMMAND_FAILED and the end of stderr', async () => {
    const remote = await connect(sshOptions(env));
    try {
      const error = await rejectionOf(
        remote.exec(['sh', '-c', 'echo first >&2; echo last words >&2; exit 7']),
      );
      expect(error).toMatchObject({ code: 'REMOTE_COMMAND_FAILED', exitCode: 7 });
      expect(error.message).toContain('last words');
    } finally {
      await remote.close();
    }
  });

  it('names an engine socket it cannot reach with DOCKER_UNREACHABLE', async () => {
    const missing = '/run/sltest-no-such-docker.sock';
    const forwarded = await connect(
      sshOptions(env, { dockerSocket: missing, dockerTransport: 'stream-local' }),
    );
    const dial = await connect(sshOptions(env, { dockerTransport: 'dial-stdio', env: {} }));
    try {
      const error = await rejectionOf(forwarded.docker.ping());
      expect(error.code).toBe('DOCKER_UNREACHABLE');
      expect(error.message).toContain(missing);
      // dial-stdio as a user outside the docker group fails with the engine's own words.
      const result = await dial.exec(
        [
          'sh',
          '-c',
          'DOCKER_HOST=unix:///run/sltest-none.sock docker system dial-stdio </dev/null; echo "exit $?"',
        ],
        {
          reject: false,
        },
      );
      expect(result.stdout).toMatch(/exit [1-9]/);
    } finally {
      await forwarded.close();
      await dial.close();
    }
  });
});
