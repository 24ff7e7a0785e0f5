import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIntegration } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, ensureSwarmManager } from '../src/index.js';
import { rejectionOf } from './helpers.js';

// The real engine here is always a swarm manager (docker-over-ssh.integration.test.ts checks
// that path); an engine outside a swarm, or a worker, cannot be made on demand, so these
// answer /info and /version on a unix socket the way such engines do.
describeIntegration('ensureSwarmManager on engines that are not managers', () => {
  let dir: string;
  let server: Server;
  let swarm: Record<string, unknown> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sltest-engine-'));
    server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url?.endsWith('/version'))
        response.end(JSON.stringify({ ApiVersion: '1.41', Version: '20.10.24' }));
      else response.end(JSON.stringify({ Swarm: swarm }));
    });
    await new Promise<void>((resolve) => server.listen(join(dir, 'docker.sock'), resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an engine outside a swarm and a worker with DOCKER_NOT_SWARM_MANAGER', async () => {
    const remote = await connect({ target: `unix://${join(dir, 'docker.sock')}` });
    try {
      swarm = { LocalNodeState: 'inactive', ControlAvailable: false };
      const inactive = await rejectionOf(ensureSwarmManager({ remote }));
      expect(inactive).toMatchObject({
        code: 'DOCKER_NOT_SWARM_MANAGER',
        hint: expect.stringContaining('docker swarm init'),
      });
      expect(inactive.message).toContain('inactive');

      swarm = { LocalNodeState: 'active', ControlAvailable: false, NodeID: 'worker-node-1' };
      const worker = await rejectionOf(ensureSwarmManager({ remote }));
      expect(worker).toMatchObject({
        code: 'DOCKER_NOT_SWARM_MANAGER',
        hint: expect.stringContaining('SWARM_MANAGER_IP'),
      });
      expect(worker.message).toContain('worker-node-1');
    } finally {
      await remote.close();
    }
  });

  it('says DOCKER_UNREACHABLE when no engine listens on the socket', async () => {
    const remote = await connect({ target: `unix://${join(dir, 'nothing.sock')}` });
    try {
      expect((await rejectionOf(ensureSwarmManager({ remote }))).code).toBe('DOCKER_UNREACHABLE');
    } finally {
      await remote.close();
    }
  });
});
