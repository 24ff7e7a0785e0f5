import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ClusterEnvMissingError,
  dockerClient,
  findRepoRoot,
  freePort,
  loadClusterEnv,
  loadTestEnv,
  removeStack,
  type TestEnv,
  uniqueName,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, describe } from 'vitest';
import { type PreparedApp, prepareApp } from './app.js';
import { type CliResult, describeRun, runCli } from './cli.js';
import { acquireClusterTestLock } from './cluster-lock.js';
import { cliEnv, createDatabase, dropDatabase, type E2eTarget } from './env.js';
import { expectNoSecrets } from './secrets.js';

const run = promisify(execFile);

/**
 * The multi-node test swarm of `scripts/testenv/cluster.sh up` (issue 17):
 * managers m1 m2 m3, workers w1 w2, each its own engine in its own network
 * namespace on 198.18.0.0/24. Read from `.testenv/cluster/env` by testkit's
 * `loadClusterEnv` (no secrets; the registry and Postgres passwords stay in `.testenv/env`).
 */
export interface ClusterNode {
  /** The node's name, also its swarm hostname and its `slcl.node` label (m1, w1, …). */
  name: string;
  role: 'manager' | 'worker';
  /** Its address on the test bridge (198.18.0.x): sshd :22, nginx :80, host-mode ports. */
  addr: string;
  /** Its engine's unix socket on the host. */
  socket: string;
  /** The engine generation: 20 (Debian 12's 20.10) or 26 (Debian 13's 26.1.5). */
  engine: 20 | 26;
  /** The host folder seen as /srv/swarmlift-cluster on that node. */
  srv: string;
}

export interface Cluster {
  file: string;
  nodes: ClusterNode[];
  managers: ClusterNode[];
  workers: ClusterNode[];
  sshPort: number;
  sshUser: string;
  sshKeyPath: string;
  knownHostsPath: string;
  /** The known_hosts lines pinning every node's sshd host key. */
  knownHosts: string;
  /** 127.0.0.1:5000: the same registry on the host and inside every node. */
  registryHost: string;
  /** Postgres as tasks on any node reach it. */
  pgHost: string;
  pgPort: number;
}

/**
 * The cluster as testkit's `loadClusterEnv` reads `.testenv/cluster/env`
 * (zod-checked; throws `ClusterEnvMissingError` saying how to start it),
 * with the managers and workers apart and the pinned host keys read. Tests
 * that need the cluster fail, never skip.
 */
export function loadCluster(repoRoot: string = findRepoRoot()): Cluster {
  const env = loadClusterEnv(repoRoot);
  const nodes: ClusterNode[] = env.nodes.map((node) => ({
    name: node.name,
    role: node.role,
    addr: node.addr,
    socket: node.socket,
    engine: node.engine,
    srv: node.srv,
  }));
  return {
    file: env.file,
    nodes,
    managers: nodes.filter((node) => node.role === 'manager'),
    workers: nodes.filter((node) => node.role === 'worker'),
    sshPort: env.CLUSTER_SSH_PORT,
    sshUser: env.CLUSTER_SSH_USER,
    sshKeyPath: env.CLUSTER_SSH_KEY_PATH,
    knownHostsPath: env.CLUSTER_SSH_KNOWN_HOSTS_PATH,
    knownHosts: readFileSync(env.CLUSTER_SSH_KNOWN_HOSTS_PATH, 'utf8'),
    registryHost: env.CLUSTER_REGISTRY_HOST,
    pgHost: env.CLUSTER_PG_HOST,
    pgPort: env.CLUSTER_PG_PORT,
  };
}

/** The node named `name`; throws when the cluster has none (a topology the test needs). */
export function clusterNode(cluster: Cluster, name: string): ClusterNode {
  const node = cluster.nodes.find((candidate) => candidate.name === name);
  if (!node)
    throw new ClusterEnvMissingError(
      `it has no node ${name} (nodes: ${cluster.nodes.map((n) => n.name).join(' ')}); the CI topology is \`cluster.sh up\` without options`,
    );
  return node;
}

/**
 * `describe` for tests against the cluster: both the single-node test env
 * (registry and Postgres passwords) and the cluster must be up, else the
 * file fails (in CI and locally) with how to start them.
 */
export function describeCluster(
  name: string,
  body: (env: TestEnv, cluster: Cluster) => void,
): void {
  const env = loadTestEnv();
  const cluster = loadCluster(env.repoRoot);
  describe(name, () => {
    // Registered first: taken before the file's own set-up, given back after its clean-up.
    let release: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      release = await acquireClusterTestLock(env.repoRoot, CLUSTER_LOCK_WAIT_MS);
    }, CLUSTER_LOCK_WAIT_MS + 10_000);
    afterAll(async () => {
      await release?.();
    });
    body(env, cluster);
  });
}

/** Long enough for the other cluster files to finish (the longest takes ~3 min). */
const CLUSTER_LOCK_WAIT_MS = 15 * 60_000;

/** A dockerode client on one node's engine (the first manager's by default). */
export function nodeDocker(
  cluster: Cluster,
  node: ClusterNode | string = cluster.managers[0] as ClusterNode,
): ReturnType<typeof dockerClient> {
  const found = typeof node === 'string' ? clusterNode(cluster, node) : node;
  // testkit's client, on this node's socket (the app has no dockerode of its own).
  return dockerClient({ DOCKER_SOCKET: found.socket } as TestEnv);
}

/** The test env with the first manager's engine as DOCKER_SOCKET, for testkit's helpers (removeStack, dockerCli, …). */
export function managerTestEnv(env: TestEnv, cluster: Cluster): TestEnv {
  const manager = cluster.managers[0] as ClusterNode;
  return { ...env, DOCKER_SOCKET: manager.socket };
}

/** What one cluster test deploys: as `E2eTarget`, with the static files under /srv/swarmlift-cluster/t/NAME. */
export interface ClusterTarget extends E2eTarget {
  /** The edge's URL on `node`'s address (host-mode port: it answers on the node its task runs on). */
  edgeUrlOn(node: ClusterNode | string): string;
  /** nginx on `node` serving this target's static files (trailing slash). */
  staticUrlOn(node: ClusterNode | string): string;
}

/** A fresh cluster target named `sltest-<label>-xxxxxx`. */
export async function clusterTarget(cluster: Cluster, label: string): Promise<ClusterTarget> {
  const name = uniqueName(label);
  const edgePort = await freePort();
  const first = cluster.managers[0] as ClusterNode;
  const addrOf = (node: ClusterNode | string) =>
    typeof node === 'string' ? clusterNode(cluster, node).addr : node.addr;
  return {
    name,
    imageName: `swarmlift-e2e/${name}`,
    database: `sltest_e2e_${randomBytes(5).toString('hex')}`,
    staticTarget: `/srv/swarmlift-cluster/t/${name}`,
    staticUrl: `http://${first.addr}/t/${name}/static/`,
    edgePort,
    edgeUrl: `http://${first.addr}:${edgePort}/`,
    edgeUrlOn: (node) => `http://${addrOf(node)}:${edgePort}/`,
    staticUrlOn: (node) => `http://${addrOf(node)}/t/${name}/static/`,
  };
}

/**
 * The environment a CI job would give `swarmlift` for the cluster:
 * support/env's `cliEnv` with SWARM_MANAGER_IP = every manager's address
 * (comma-separated, m1 first), SSH_PORT 22, SSH_HOST_KEY = the pinned host
 * keys as known_hosts lines, REGISTRY 127.0.0.1:5000 with the test env's
 * credentials, the database at CLUSTER_PG_HOST, STATIC_TARGET under
 * /srv/swarmlift-cluster/t/. `overrides` set (string) or remove (undefined) variables.
 */
export async function clusterCliEnv(
  env: TestEnv,
  cluster: Cluster,
  target: ClusterTarget,
  overrides: Record<string, string | undefined> = {},
): Promise<Record<string, string>> {
  return cliEnv(env, target, {
    SWARM_MANAGER_IP: cluster.managers.map((node) => node.addr).join(','),
    SSH_PORT: String(cluster.sshPort),
    SSH_USER: cluster.sshUser,
    SSH_PRIVATE_KEY: readFileSync(cluster.sshKeyPath, 'utf8'),
    SSH_HOST_KEY: cluster.knownHosts,
    REGISTRY: cluster.registryHost,
    REGISTRY_USERNAME: env.REGISTRY_USER,
    REGISTRY_PASSWORD: env.REGISTRY_PASSWORD,
    DB_HOST: cluster.pgHost,
    DB_PORT: String(cluster.pgPort),
    STATIC_TARGET: target.staticTarget,
    REDIS_IMAGE: `${cluster.registryHost}/${env.IMAGE_DJANGO}`,
    EDGE_IMAGE: `${cluster.registryHost}/${env.IMAGE_DJANGO}`,
    ...overrides,
  });
}

/** The result of one `cluster.sh` run. */
export interface ClusterScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bash scripts/testenv/cluster.sh ...args` (its own lock inside); never throws on a non-zero exit. */
export async function clusterScript(
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<ClusterScriptResult> {
  const root = findRepoRoot();
  try {
    const { stdout, stderr } = await run(
      'bash',
      [join(root, 'scripts', 'testenv', 'cluster.sh'), ...args],
      {
        cwd: root,
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? String(error),
    };
  }
}

/** `cluster.sh stop-node NAME`: stops one node's engine (data kept); throws when the script fails. */
export async function stopNode(name: string): Promise<void> {
  const result = await clusterScript(['stop-node', name]);
  if (result.code !== 0)
    throw new Error(`cluster.sh stop-node ${name} failed (exit ${result.code}): ${result.stderr}`);
}

/**
 * `cluster.sh start-node NAME`: starts it again, then waits (up to
 * `timeoutMs`) until the manager sees it Ready; throws when either fails.
 */
export async function startNode(cluster: Cluster, name: string, timeoutMs = 60_000): Promise<void> {
  const result = await clusterScript(['start-node', name]);
  if (result.code !== 0)
    throw new Error(`cluster.sh start-node ${name} failed (exit ${result.code}): ${result.stderr}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await swarmNodeStates(cluster).catch(() => ({}) as Record<string, string>);
    if (states[name] === 'ready') return;
    if (Date.now() > deadline)
      throw new Error(
        `node ${name} is not ready ${timeoutMs} ms after start-node (${states[name] ?? 'unknown'})`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Each swarm node's hostname → its state (ready, down, unknown, disconnected) as the first manager sees it. */
export async function swarmNodeStates(cluster: Cluster): Promise<Record<string, string>> {
  const states: Record<string, string> = {};
  for (const node of await nodeDocker(cluster).listNodes())
    states[node.Description?.Hostname ?? node.ID] = String(node.Status?.State ?? 'unknown');
  return states;
}

/** One task as the tests look at it: its node's name, not its id. */
export interface NodeTask {
  id: string;
  service: string;
  slot: number | undefined;
  node: string;
  state: string;
  desiredState: string;
  error: string | undefined;
  image: string;
}

/** The tasks of the stack's `service` (short name), with node names, as the first manager sees them. */
export async function tasksByNode(
  cluster: Cluster,
  stack: string,
  service: string,
): Promise<NodeTask[]> {
  const docker = nodeDocker(cluster);
  const nodeNames = new Map<string, string>();
  for (const node of await docker.listNodes())
    nodeNames.set(node.ID, node.Description?.Hostname ?? node.ID);
  const tasks = await docker.listTasks({
    filters: JSON.stringify({ service: [`${stack}_${service}`] }),
  });
  return tasks.map((task) => ({
    id: task.ID ?? '',
    service,
    slot: task.Slot,
    node: nodeNames.get(task.NodeID ?? '') ?? task.NodeID ?? '',
    state: String(task.Status?.State ?? ''),
    desiredState: String(task.DesiredState ?? ''),
    error: task.Status?.Err || undefined,
    image: String(
      (task.Spec as { ContainerSpec?: { Image?: string } } | undefined)?.ContainerSpec?.Image ?? '',
    ),
  }));
}

/** The names of the nodes with a running task of `service` whose desired state is running, sorted. */
export async function runningNodes(
  cluster: Cluster,
  stack: string,
  service: string,
): Promise<string[]> {
  return (await tasksByNode(cluster, stack, service))
    .filter((task) => task.state === 'running' && task.desiredState === 'running')
    .map((task) => task.node)
    .sort();
}

/**
 * Removes everything a cluster test made: the stack (on the first manager),
 * the configs naming it (lock, records), leftover exited containers of it on
 * every node (Docker 20.10 keeps a finished job's), its static folder on the
 * host and in every node's /srv/swarmlift-cluster, and its database. Every
 * part is tried; the first error is thrown at the end.
 */
export async function cleanupClusterTarget(
  env: TestEnv,
  cluster: Cluster,
  target: E2eTarget,
): Promise<void> {
  const errors: unknown[] = [];
  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      errors.push(error);
    }
  };
  await attempt(() => removeStack(managerTestEnv(env, cluster), target.name, 60_000));
  await attempt(async () => {
    const docker = nodeDocker(cluster);
    for (const config of await docker.listConfigs()) {
      const name = config.Spec?.Name ?? '';
      const labels = Object.values(config.Spec?.Labels ?? {});
      if (name.includes(target.name) || labels.some((label) => label.includes(target.name)))
        await docker.getConfig(config.ID).remove();
    }
  });
  const filters = JSON.stringify({ label: [`com.docker.stack.namespace=${target.name}`] });
  for (const node of cluster.nodes) {
    await attempt(async () => {
      if (!existsSync(node.socket)) return;
      const docker = nodeDocker(cluster, node);
      for (const container of await docker.listContainers({ all: true, filters }))
        if (container.State !== 'running')
          await docker
            .getContainer(container.Id)
            .remove({ force: true })
            .catch(() => {});
    });
    await attempt(() => rm(join(node.srv, 't', target.name), { recursive: true, force: true }));
  }
  await attempt(() => rm(target.staticTarget, { recursive: true, force: true }));
  await attempt(() => dropDatabase(env, target.database));
  if (errors.length > 0) throw errors[0];
}

/** Where the cluster tests put the fixture compose inside their copy of the example (COMPOSE_FILE). */
export const CLUSTER_COMPOSE = 'deployment/docker-compose.cluster.yml';

/** test/fixtures/cluster/docker-compose.cluster.yml: the example spread over the cluster (see its header). */
export function clusterComposeFixture(): Promise<string> {
  return readFile(
    join(
      findRepoRoot(),
      'apps',
      'swarmlift',
      'test',
      'fixtures',
      'cluster',
      'docker-compose.cluster.yml',
    ),
    'utf8',
  );
}

/** testkit's error for a cluster that is not up (the name this module first exported). */
export { ClusterEnvMissingError as ClusterMissingError };

/**
 * Tags the host engine's `source` as `target` (an image of the test
 * registry) and pushes it with the test env's credentials: an image that is
 * in the registry but on no node yet.
 */
export async function pushPrivateImage(
  env: TestEnv,
  source: string,
  target: string,
): Promise<void> {
  const docker = dockerClient(env);
  const at = target.lastIndexOf(':');
  const repo = target.slice(0, at);
  const tag = target.slice(at + 1);
  await docker.getImage(source).tag({ repo, tag });
  const stream = await docker.getImage(target).push({
    authconfig: {
      username: env.REGISTRY_USER,
      password: env.REGISTRY_PASSWORD,
      serveraddress: env.REGISTRY_HOST,
    },
  });
  // dockerode reports success even when the stream carries an error: read every line.
  const text = await new Promise<string>((resolve, reject) => {
    let out = '';
    stream.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    stream.on('end', () => resolve(out));
    stream.on('error', reject);
  });
  if (text.includes('"error"')) throw new Error(`pushing ${target} failed: ${text.slice(-300)}`);
  await docker
    .getImage(target)
    .remove()
    .catch(() => {});
}

/** One cluster test file's app, stack and CLI: see `useClusterApp`. */
export interface ClusterApp {
  /** The stack, image, database and static folder (after beforeAll). */
  readonly target: ClusterTarget;
  /** The copy of the example as a git repository (after beforeAll). */
  readonly app: PreparedApp;
  /** The CLI environment every run starts from (`clusterCliEnv` + the file's overrides). */
  readonly baseEnv: Record<string, string>;
  /** Runs the CLI in the app with GITHUB_SHA = its HEAD and `overrides`; fails on any secret in the output. */
  cli(
    args: readonly string[],
    overrides?: Record<string, string>,
    limitMs?: number,
  ): Promise<CliResult>;
  /** `describeRun` with the base environment's secrets redacted, for `expect(…, label)`. */
  label(result: CliResult): string;
}

/**
 * The set-up and tear-down every cluster e2e file shares, registered as
 * beforeAll/afterAll: a `clusterTarget` named `sltest-<label>-…`, its
 * database, a git copy of the example (with the fixture compose
 * docker-compose.cluster.yml as COMPOSE_FILE, edited by `compose` if given;
 * `compose: false` keeps the example's own compose file), and the CLI
 * environment; afterwards `cleanupClusterTarget` and the copy removed, even
 * when a test failed.
 */
export function useClusterApp(
  env: TestEnv,
  cluster: Cluster,
  label: string,
  options: {
    compose?: ((fixture: string) => string) | false;
    overrides?: Record<string, string | undefined>;
  } = {},
): ClusterApp {
  let target: ClusterTarget | undefined;
  let app: PreparedApp | undefined;
  let baseEnv: Record<string, string> | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useClusterApp: ${what} is set up in beforeAll`);
    return value;
  };
  beforeAll(async () => {
    target = await clusterTarget(cluster, label);
    await createDatabase(env, target.database);
    app = await prepareApp(label);
    const fixture: Record<string, string> = {};
    if (options.compose !== false) {
      const text = await clusterComposeFixture();
      await app.commit('the cluster compose', {
        file: CLUSTER_COMPOSE,
        content: options.compose ? options.compose(text) : text,
      });
      const image = `${cluster.registryHost}/${env.IMAGE_BUSYBOX}`;
      fixture.COMPOSE_FILE = CLUSTER_COMPOSE;
      fixture.AGENT_IMAGE = image;
      fixture.PROBE_IMAGE = image;
    }
    baseEnv = await clusterCliEnv(env, cluster, target, { ...fixture, ...options.overrides });
  }, 60_000);
  afterAll(async () => {
    try {
      if (target) await cleanupClusterTarget(env, cluster, target);
    } finally {
      await app?.remove();
    }
  }, 180_000);
  const labelOf = (result: CliResult) => describeRun(result, ready(baseEnv, 'the CLI env'));
  return {
    get target() {
      return ready(target, 'the target');
    },
    get app() {
      return ready(app, 'the app');
    },
    get baseEnv() {
      return ready(baseEnv, 'the CLI env');
    },
    async cli(args, overrides = {}, limitMs = 240_000) {
      const copy = ready(app, 'the app');
      const runEnv = {
        ...ready(baseEnv, 'the CLI env'),
        GITHUB_SHA: await copy.sha(),
        ...overrides,
      };
      const result = await runCli(args, { cwd: copy.dir, env: runEnv, limitMs });
      expectNoSecrets(result.output, runEnv);
      return result;
    },
    label: labelOf,
  };
}
