import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ClusterEnvMissingError,
  clusterEnvFile,
  clusterEnvNode,
  loadClusterEnv,
  parseClusterEnv,
} from './cluster-env.js';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

function nodeVars(name: string, addr: string, socket: string, engine = '20') {
  const key = `CLUSTER_NODE_${name.toUpperCase()}_`;
  return {
    [`${key}ADDR`]: addr,
    [`${key}SOCKET`]: socket,
    [`${key}ENGINE`]: engine,
    [`${key}SSH_FINGERPRINT`]: `SHA256:${name}`,
    [`${key}SRV`]: `/srv/swarmlift-cluster-nodes/cluster/${name}`,
  };
}

function clusterVars(sockets: { m1: string; w1: string }): Record<string, string> {
  return {
    CLUSTER_NAME: 'cluster',
    CLUSTER_NODES: 'm1 w1',
    CLUSTER_MANAGERS: 'm1',
    CLUSTER_WORKERS: 'w1',
    CLUSTER_SSH_PORT: '22',
    CLUSTER_SSH_USER: 'deploy',
    CLUSTER_SSH_KEY_PATH: '/k',
    CLUSTER_SSH_KNOWN_HOSTS_PATH: '/kh',
    CLUSTER_HTTP_PORT: '80',
    CLUSTER_SRV_PATH: '/srv/swarmlift-cluster',
    CLUSTER_REGISTRY_HOST: '127.0.0.1:5000',
    CLUSTER_REGISTRY_IMAGE_BUSYBOX: '127.0.0.1:5000/b',
    CLUSTER_REGISTRY_IMAGE_DJANGO: '127.0.0.1:5000/d',
    CLUSTER_PG_HOST: '198.18.0.1',
    CLUSTER_PG_PORT: '5432',
    ...nodeVars('m1', '198.18.0.2', sockets.m1),
    ...nodeVars('w1', '198.18.0.7', sockets.w1, '26'),
  };
}

async function fakeRepo(vars: Record<string, string> | undefined) {
  const root = await mkdtemp(join(tmpdir(), 'testkit-cluster-'));
  await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
  const knownHosts = join(root, 'known_hosts');
  await writeFile(knownHosts, '198.18.0.2 ssh-ed25519 AAAA\n');
  const socket = join(root, 'm1.sock');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  closers.push(() => server.close());
  if (vars) await writeClusterEnv(root, vars);
  return { root, socket };
}

async function writeClusterEnv(root: string, vars: Record<string, string>) {
  await mkdir(join(root, '.testenv', 'cluster'), { recursive: true });
  const knownHosts = join(root, 'known_hosts');
  const text = Object.entries({ ...vars, CLUSTER_SSH_KNOWN_HOSTS_PATH: knownHosts })
    .map(([key, value]) => (value.includes(' ') ? `${key}="${value}"\n` : `${key}=${value}\n`))
    .join('');
  await writeFile(join(root, '.testenv', 'cluster', 'env'), `# generated\n${text}`);
}

describe('parseClusterEnv', () => {
  it('types the settings and gathers each node’s keys', () => {
    const env = parseClusterEnv(clusterVars({ m1: '/m1', w1: '/w1' }), '/f', '/r');
    expect(env.CLUSTER_NODES).toEqual(['m1', 'w1']);
    expect(env.CLUSTER_SSH_PORT).toBe(22);
    expect(env.nodes).toEqual([
      {
        name: 'm1',
        role: 'manager',
        addr: '198.18.0.2',
        socket: '/m1',
        engine: 20,
        sshFingerprint: 'SHA256:m1',
        srv: '/srv/swarmlift-cluster-nodes/cluster/m1',
      },
      expect.objectContaining({ name: 'w1', role: 'worker', engine: 26 }),
    ]);
    expect(clusterEnvNode(env, 'w1').addr).toBe('198.18.0.7');
    expect(() => clusterEnvNode(env, 'w2')).toThrow(/no node w2 .*cluster\.sh up/);
  });

  it('names every missing or invalid key, of the cluster and of a node', () => {
    const vars = clusterVars({ m1: '/m1', w1: '/w1' });
    delete vars.CLUSTER_PG_HOST;
    expect(() => parseClusterEnv(vars, '/f', '/r')).toThrow(/CLUSTER_PG_HOST/);
    const badNode: Record<string, string> = {
      ...clusterVars({ m1: '/m1', w1: '/w1' }),
      CLUSTER_NODE_W1_ENGINE: '24',
    };
    delete badNode.CLUSTER_NODE_W1_SRV;
    expect(() => parseClusterEnv(badNode, '/f', '/r')).toThrow(
      /CLUSTER_NODE_W1_ENGINE, CLUSTER_NODE_W1_SRV/,
    );
  });

  it('refuses managers and workers that do not split the nodes', () => {
    const vars = { ...clusterVars({ m1: '/m1', w1: '/w1' }), CLUSTER_WORKERS: '' };
    expect(() => parseClusterEnv(vars, '/f', '/r')).toThrow(ClusterEnvMissingError);
  });
});

describe('loadClusterEnv', () => {
  it('reads .testenv/cluster/env when a manager’s engine socket is there', async () => {
    const { root: withEnv, socket } = await fakeRepo(undefined);
    await writeClusterEnv(withEnv, clusterVars({ m1: socket, w1: '/nonexistent/w1.sock' }));
    const env = loadClusterEnv(withEnv, {});
    expect(env.file).toBe(join(withEnv, '.testenv', 'cluster', 'env'));
    expect(env.nodes.map((node) => node.name)).toEqual(['m1', 'w1']);
  });

  it('says how to start the cluster when the file is missing or no manager runs', async () => {
    const { root } = await fakeRepo(undefined);
    expect(() => loadClusterEnv(root, {})).toThrow(ClusterEnvMissingError);
    expect(() => loadClusterEnv(root, {})).toThrow(/bash scripts\/testenv\/cluster\.sh up/);
    const { root: stopped } = await fakeRepo(
      clusterVars({ m1: '/nonexistent/m1.sock', w1: '/nonexistent/w1.sock' }),
    );
    expect(() => loadClusterEnv(stopped, {})).toThrow(/no manager's engine socket/);
  });

  it('reads the file SWARMLIFT_CLUSTER_ENV_FILE names, relative to the repository root', () => {
    expect(clusterEnvFile('/repo', {})).toBe('/repo/.testenv/cluster/env');
    expect(clusterEnvFile('/repo', { SWARMLIFT_CLUSTER_ENV_FILE: '.testenv/c2/env' })).toBe(
      '/repo/.testenv/c2/env',
    );
    expect(clusterEnvFile('/repo', { SWARMLIFT_CLUSTER_ENV_FILE: '/abs/env' })).toBe('/abs/env');
  });
});
