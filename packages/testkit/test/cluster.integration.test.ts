import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { dockerClient, loadClusterEnv, loadTestEnv, type TestEnv } from '../src/index.js';

// The two targets CI starts besides .testenv/env (scripts/test.sh): the
// multi-node swarm of `cluster.sh up` and the engine-26 one of
// `cluster.sh --name e26 up --solo --engine m1=26`. Both must be up: these
// tests fail, never skip, without them.

describe('the multi-node test cluster (.testenv/cluster/env)', () => {
  const cluster = loadClusterEnv();

  it('is the CI topology: managers m1-m3, workers w1-w2, m3 and w2 on engine 26', () => {
    expect(cluster.CLUSTER_MANAGERS).toEqual(['m1', 'm2', 'm3']);
    expect(cluster.CLUSTER_WORKERS).toEqual(['w1', 'w2']);
    expect(cluster.nodes.filter((node) => node.engine === 26).map((node) => node.name)).toEqual([
      'm3',
      'w2',
    ]);
  });

  it('has on every node an engine of its generation, in one swarm, named and labelled by the node', async () => {
    const manager = dockerClient({ DOCKER_SOCKET: cluster.nodes[0]?.socket } as TestEnv);
    const swarmNodes = await manager.listNodes();
    for (const node of cluster.nodes) {
      const version = await dockerClient({ DOCKER_SOCKET: node.socket } as TestEnv).version();
      expect(
        version.Version.startsWith(`${node.engine}.`),
        `${node.name}: ${version.Version}`,
      ).toBe(true);
      const seen = swarmNodes.find((candidate) => candidate.Description?.Hostname === node.name);
      expect(seen?.Spec?.Labels?.['slcl.node'], node.name).toBe(node.name);
      expect(seen?.Spec?.Role, node.name).toBe(node.role);
    }
  });

  it('lets deploy reach every node over ssh with its pinned host key, to that node’s engine', async () => {
    const env = loadTestEnv();
    for (const node of cluster.nodes) {
      const { stdout } = await execa('ssh', [
        '-F',
        '/dev/null',
        '-i',
        cluster.CLUSTER_SSH_KEY_PATH,
        '-o',
        'IdentitiesOnly=yes',
        '-o',
        'BatchMode=yes',
        '-o',
        `UserKnownHostsFile=${cluster.CLUSTER_SSH_KNOWN_HOSTS_PATH}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '-p',
        String(cluster.CLUSTER_SSH_PORT),
        `${cluster.CLUSTER_SSH_USER}@${node.addr}`,
        'docker info --format {{.Swarm.NodeAddr}}',
      ]);
      expect(stdout.trim(), node.name).toBe(node.addr);
    }
    expect(env.SSH_KEY_PATH).toBe(cluster.CLUSTER_SSH_KEY_PATH);
  });

  it('serves every node’s own static folder from its nginx', async () => {
    for (const node of cluster.nodes) {
      const response = await fetch(`http://${node.addr}:${cluster.CLUSTER_HTTP_PORT}/healthz`);
      expect(await response.text()).toBe(`ok ${node.name}`);
    }
  });
});

describe('the engine-26 target (.testenv/e26/testenv)', () => {
  const env = loadTestEnv(undefined, { SWARMLIFT_TESTENV_FILE: '.testenv/e26/testenv' });

  it('has the keys of .testenv/env, a one-node swarm on engine 26 and the test images', async () => {
    const docker = dockerClient(env);
    expect((await docker.version()).Version).toMatch(/^26\./);
    const info = await docker.info();
    expect(info.Swarm.ControlAvailable).toBe(true);
    expect(info.Swarm.Nodes).toBe(1);
    for (const image of [env.IMAGE_BUSYBOX, env.IMAGE_DJANGO])
      await expect(docker.getImage(image).inspect()).resolves.toMatchObject({
        Id: expect.any(String),
      });
    expect(Object.keys(env).sort()).toEqual(Object.keys(loadTestEnv()).sort());
  });
});
