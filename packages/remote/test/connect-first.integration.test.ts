import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeIntegration,
  freePort,
  type PrivateSshd,
  startPrivateSshd,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ConnectFirstEvent, type ConnectOptions, connectFirst } from '../src/index.js';
import { rejectionOf } from './helpers.js';

// Two private sshds (each its own host key) in front of the test engine, a
// closed port, and two fake engines on unix sockets (a worker, and a manager
// without a raft leader) — the shapes of "the first manager is not usable".
describeIntegration('connectFirst', (env) => {
  let dir: string;
  let fakeEngine: Server;
  let swarm: Record<string, unknown> = {};
  let a: PrivateSshd;
  let b: PrivateSshd;

  const ssh = (sshd: { port: number }) => `ssh://${env.SSH_USER}@127.0.0.1:${sshd.port}`;
  const common = (): Omit<ConnectOptions, 'target' | 'onEvent'> => ({
    privateKeyPath: env.SSH_KEY_PATH,
    // Each host pinned by its own known_hosts line.
    hostKey: { knownHosts: [a, b].map((s) => s.hostKeys[0]?.knownHostsLine).join('\n') },
    dockerSocket: env.DOCKER_SOCKET,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sltest-connect-first-'));
    fakeEngine = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url?.endsWith('/version')) {
        response.end(JSON.stringify({ ApiVersion: '1.41', Version: '20.10.24' }));
      } else if (request.url?.endsWith('/swarm')) {
        response.statusCode = 503;
        response.end(JSON.stringify({ message: 'The swarm does not have a leader.' }));
      } else {
        response.end(JSON.stringify({ Swarm: swarm }));
      }
    });
    await new Promise<void>((resolve) => fakeEngine.listen(join(dir, 'docker.sock'), resolve));
    const extraConfig = [`SetEnv DOCKER_HOST=unix://${env.DOCKER_SOCKET}`];
    [a, b] = await Promise.all([
      startPrivateSshd(env, { extraConfig }),
      startPrivateSshd(env, { extraConfig }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await new Promise((resolve) => fakeEngine.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the first target when it works, and tries no other', async () => {
    const { remote, index, skipped } = await connectFirst({
      ...common(),
      targets: [ssh(a), ssh(b)],
    });
    try {
      expect(index).toBe(0);
      expect(skipped).toEqual([]);
      expect(remote.hostKey?.fingerprint).toBe(a.hostKeys[0]?.fingerprint);
      expect(await b.acceptedConnections()).toBe(0);
    } finally {
      await remote.close();
    }
  });

  it('skips a refused port and uses the next manager, each with its own pinned host key', async () => {
    const closed = await freePort();
    const events: ConnectFirstEvent[] = [];
    const { remote, index, skipped } = await connectFirst({
      ...common(),
      targets: [`ssh://${env.SSH_USER}@127.0.0.1:${closed}`, ssh(b)],
      onEvent: (event) => events.push(event),
    });
    try {
      expect(index).toBe(1);
      expect(skipped.map((s) => s.reason)).toEqual(['connection refused']);
      expect(remote.hostKey?.fingerprint).toBe(b.hostKeys[0]?.fingerprint);
      expect((await remote.docker.info()).Swarm.ControlAvailable).toBe(true);
      const warning = events.find((e) => e.type === 'warning');
      expect(warning).toMatchObject({
        code: 'CONNECT_TARGET_SKIPPED',
        host: `${env.SSH_USER}@127.0.0.1:${closed}`,
        errorCode: 'SSH_CONNECT_FAILED',
      });
    } finally {
      await remote.close();
    }
  });

  it('stops at a host key that does not match its pin, and never tries the next manager', async () => {
    const before = await b.acceptedConnections();
    // a's port pinned with b's key: what an attacker in front of a would look like.
    const wrongLine = `[127.0.0.1]:${a.port} ${b.hostKeys[0]?.knownHostsLine.split(' ').slice(1).join(' ')}`;
    const error = await rejectionOf(
      connectFirst({
        ...common(),
        hostKey: { knownHosts: [wrongLine, b.hostKeys[0]?.knownHostsLine].join('\n') },
        targets: [ssh(a), ssh(b)],
      }),
    );
    expect(error.code).toBe('SSH_HOST_KEY_MISMATCH');
    expect(error.message).toContain(`[127.0.0.1]:${a.port}`);
    expect(await b.acceptedConnections()).toBe(before);
  });

  it('skips a worker and a manager without a working control plane', async () => {
    const events: ConnectFirstEvent[] = [];
    const fake = `unix://${join(dir, 'docker.sock')}`;
    swarm = { LocalNodeState: 'active', ControlAvailable: false, NodeID: 'sltest-worker' };
    const first = await connectFirst({
      ...common(),
      targets: [fake, ssh(b)],
      onEvent: (event) => events.push(event),
    });
    await first.remote.close();
    expect(first.index).toBe(1);
    expect(first.skipped[0]?.reason).toContain('worker');

    swarm = { LocalNodeState: 'active', ControlAvailable: true, NodeID: 'sltest-no-leader' };
    const error = await rejectionOf(connectFirst({ ...common(), targets: [fake, fake] }));
    expect(error.code).toBe('REMOTE_NO_TARGET_REACHABLE');
    expect(error.message).toContain('no working control plane');
    expect(error.message).toContain('does not have a leader');
  });
});
