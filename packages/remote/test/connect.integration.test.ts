import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, TimedOutError } from '@swarmlift/core';
import { describeIntegration, startPrivateSshd } from '@swarmlift/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  connect,
  connectOptionsFromEnv,
  ensureSwarmManager,
  HostKeyMismatchError,
  RemoteError,
} from '../src/index.js';
import { privateSshdEngineConfig, privateSshdOptions, rejectionOf, sshOptions } from './helpers.js';

/**
 * A TCP server that accepts and never reads or answers: an SSH handshake to it
 * hangs, and it never closes a connection itself — so a client socket that is
 * only half-closed (ssh2's end()) would stay open.
 */
async function blackHole() {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    accepted: () => sockets.size,
    dropAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    server,
  };
}

/** TCP sockets of this process (client and server side). */
const tcpSockets = () =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;

describeIntegration('connect: cancellation, time limit, transport, host key pins', (env) => {
  describe('signal and timeoutMs', () => {
    let hole: Awaited<ReturnType<typeof blackHole>>;
    beforeAll(async () => {
      hole = await blackHole();
    });
    afterAll(async () => {
      hole.dropAll();
      hole.server.close();
    });

    it('an already aborted signal connects nowhere', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await rejectionOf(
        connect(
          sshOptions(env, {
            target: `ssh://u@127.0.0.1:${hole.port}`,
            signal: controller.signal,
          }),
        ),
      );
      expect(CancelledError.isInstance(error)).toBe(true);
      expect(hole.accepted()).toBe(0);
    });

    it('an abort during the handshake rejects with CANCELLED and closes the socket', async () => {
      const before = tcpSockets();
      const controller = new AbortController();
      const started = Date.now();
      const pending = rejectionOf(
        connect(
          sshOptions(env, {
            target: `ssh://u@127.0.0.1:${hole.port}`,
            signal: controller.signal,
          }),
        ),
      );
      await vi.waitFor(() => expect(hole.accepted()).toBe(1), { timeout: 2_000, interval: 10 });
      controller.abort();
      const error = await pending;
      expect(error).toMatchObject({ code: 'CANCELLED', category: 'cancelled' });
      expect(Date.now() - started).toBeLessThan(2_000);
      // Our side is closed: only the black hole's own end of the connection is left.
      await vi.waitFor(() => expect(tcpSockets()).toBe(before + 1), {
        timeout: 2_000,
        interval: 10,
      });
      hole.dropAll();
    });

    it('past timeoutMs: SSH_CONNECT_FAILED (unreachable) with a TimedOutError cause, socket closed', async () => {
      const before = tcpSockets();
      const started = Date.now();
      const error = await rejectionOf(
        connect(sshOptions(env, { target: `ssh://u@127.0.0.1:${hole.port}`, timeoutMs: 300 })),
      );
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(RemoteError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'SSH_CONNECT_FAILED', category: 'unreachable' });
      expect(TimedOutError.isInstance((error as Error).cause)).toBe(true);
      expect(hole.accepted()).toBe(1);
      await vi.waitFor(() => expect(tcpSockets()).toBe(before + 1), {
        timeout: 2_000,
        interval: 10,
      });
      hole.dropAll();
    });

    it('an abort at any point of a real connect leaves no socket open', async () => {
      await vi.waitFor(() => expect(hole.accepted()).toBe(0), { timeout: 2_000, interval: 10 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const before = tcpSockets();
      for (const delayMs of [0, 2, 5, 10, 20, 40, 80, 160]) {
        const controller = new AbortController();
        const attempt = connect(sshOptions(env, { signal: controller.signal }));
        setTimeout(() => controller.abort(), delayMs);
        const outcome = await attempt.then(
          (remote) => ({ remote, error: undefined }),
          (error: unknown) => ({ remote: undefined, error }),
        );
        if (outcome.remote) await outcome.remote.close();
        else expect(outcome.error).toMatchObject({ code: 'CANCELLED' });
      }
      await vi.waitFor(() => expect(tcpSockets()).toBe(before), { timeout: 3_000, interval: 20 });
    });

    it('checks its numeric options first', async () => {
      expect(await rejectionOf(connect(sshOptions(env, { timeoutMs: -1 })))).toMatchObject({
        code: 'OPTIONS_INVALID',
        field: 'timeoutMs',
      });
    });
  });

  describe('remote.dockerTransport (regression: it was undefined until the first Docker call)', () => {
    it('is known right after connect: stream-local when sshd forwards the socket', async () => {
      const remote = await connect(sshOptions(env));
      try {
        expect(remote.dockerTransport).toBe('stream-local');
        expect(await remote.docker.ping()).toBeTruthy();
      } finally {
        await remote.close();
      }
    });

    it('is known right after connect: dial-stdio when sshd refuses forwarding', async () => {
      const sshd = await startPrivateSshd(env, {
        allowStreamLocalForwarding: false,
        extraConfig: privateSshdEngineConfig(env),
      });
      const remote = await connect(privateSshdOptions(env, sshd));
      try {
        expect(remote.dockerTransport).toBe('dial-stdio');
        expect(await remote.docker.ping()).toBeTruthy();
      } finally {
        await remote.close();
        await sshd.stop();
      }
    });
  });

  describe('a fingerprint pin is the only key accepted (regression: pins were any-of)', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'sltest-pin-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const wrongPin = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

    it('refuses the server when the pin differs, although known_hosts lists its real key', async () => {
      const realLine = await readFile(env.SSH_KNOWN_HOSTS_PATH, 'utf8');
      const error = await rejectionOf(
        connect(
          sshOptions(env, {
            hostKey: {
              fingerprint: wrongPin,
              knownHosts: realLine,
              knownHostsFile: env.SSH_KNOWN_HOSTS_PATH,
            },
          }),
        ),
      );
      expect(HostKeyMismatchError.isInstance(error)).toBe(true);
      expect(error.message).toContain(wrongPin);
    });

    it('also when ~/.ssh/config names a known_hosts file with the real key (useSshConfig)', async () => {
      const config = join(dir, 'ssh_config');
      await writeFile(
        config,
        `Host ${env.SSH_HOST}\n  UserKnownHostsFile ${env.SSH_KNOWN_HOSTS_PATH}\n`,
      );
      const base = sshOptions(env, { useSshConfig: true, sshConfigPath: config });
      const trusted = await connect({ ...base, hostKey: {} });
      await trusted.close();
      const error = await rejectionOf(connect({ ...base, hostKey: { fingerprint: wrongPin } }));
      expect(error).toMatchObject({ code: 'SSH_HOST_KEY_MISMATCH' });
    });

    it('connectOptionsFromEnv: the bins’ variables connect, and a wrong SSH_HOST_KEY_FINGERPRINT wins over SSH_KNOWN_HOSTS', async () => {
      const vars = {
        DOCKER_HOST: `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`,
        SSH_PRIVATE_KEY: await readFile(env.SSH_KEY_PATH, 'utf8'),
        SSH_HOST_KEY_FINGERPRINT: env.SSH_HOST_KEY_FINGERPRINT,
      };
      const remote = await connect(connectOptionsFromEnv(vars));
      try {
        expect(remote.hostKey?.fingerprint).toBe(env.SSH_HOST_KEY_FINGERPRINT);
        expect((await ensureSwarmManager({ remote })).nodeId).not.toBe('');
      } finally {
        await remote.close();
      }
      const error = await rejectionOf(
        connect(
          connectOptionsFromEnv({
            ...vars,
            SSH_HOST_KEY_FINGERPRINT: wrongPin,
            SSH_KNOWN_HOSTS: await readFile(env.SSH_KNOWN_HOSTS_PATH, 'utf8'),
          }),
        ),
      );
      expect(error).toMatchObject({ code: 'SSH_HOST_KEY_MISMATCH', category: 'unreachable' });
      expect(`${error.message} ${error.hint}`).not.toContain('PRIVATE KEY');
    });
  });
});
