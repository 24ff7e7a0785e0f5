import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { parseEnvFile } from './env-file.js';
import { findRepoRoot, isSocket } from './test-env.js';

/** Names another cluster env file, e.g. `.testenv/NAME/env` of `cluster.sh --name NAME up`. */
export const CLUSTER_ENV_FILE_VARIABLE = 'SWARMLIFT_CLUSTER_ENV_FILE';

const port = z.coerce.number().int().min(1).max(65535);
const nodeName = z.string().regex(/^[mw][0-9]+$/, 'node names are m1, m2, … and w1, w2, …');
const nodeList = z
  .string()
  .transform((text) => text.split(/\s+/).filter(Boolean))
  .pipe(z.array(nodeName));

/** What scripts/testenv/cluster.sh writes to `.testenv/cluster/env` besides the per-node keys. */
const clusterSchema = z.object({
  /** The instance: `cluster` by default, NAME for `cluster.sh --name NAME up`. */
  CLUSTER_NAME: z.string().min(1),
  CLUSTER_NODES: nodeList.pipe(z.array(nodeName).min(1)),
  CLUSTER_MANAGERS: nodeList.pipe(z.array(nodeName).min(1)),
  CLUSTER_WORKERS: nodeList,
  CLUSTER_SSH_PORT: port,
  CLUSTER_SSH_USER: z.string().min(1),
  CLUSTER_SSH_KEY_PATH: z.string().min(1),
  CLUSTER_SSH_KNOWN_HOSTS_PATH: z.string().min(1),
  /** nginx on every node's address. */
  CLUSTER_HTTP_PORT: port,
  /** The folder every node sees as its own (/srv/swarmlift-cluster); CLUSTER_NODE_<N>_SRV on the host. */
  CLUSTER_SRV_PATH: z.string().min(1),
  CLUSTER_REGISTRY_HOST: z.string().min(1),
  CLUSTER_REGISTRY_IMAGE_BUSYBOX: z.string().min(1),
  CLUSTER_REGISTRY_IMAGE_DJANGO: z.string().min(1),
  CLUSTER_PG_HOST: z.string().min(1),
  CLUSTER_PG_PORT: port,
});

const nodeSchema = z.object({
  ADDR: z.ipv4(),
  SOCKET: z.string().min(1),
  ENGINE: z.enum(['20', '26']).transform((engine) => (engine === '26' ? 26 : 20)),
  SSH_FINGERPRINT: z.string().startsWith('SHA256:'),
  SRV: z.string().min(1),
});

export interface ClusterEnvNode {
  /** m1, m2, … w1, …: also the swarm hostname and the `slcl.node` label. */
  name: string;
  role: 'manager' | 'worker';
  /** Its address on the test bridge: sshd :22, nginx :80, host-mode ports. */
  addr: string;
  /** Its engine's unix socket on the host. */
  socket: string;
  /** 20 (Debian 12's 20.10) or 26 (Debian 13's 26.1.5). */
  engine: 20 | 26;
  /** Its sshd's host key, pinned (also in CLUSTER_SSH_KNOWN_HOSTS_PATH). */
  sshFingerprint: string;
  /** The host folder the node sees as /srv/swarmlift-cluster. */
  srv: string;
}

export type ClusterEnv = z.output<typeof clusterSchema> & {
  /** Every node, in CLUSTER_NODES order (managers first). */
  nodes: ClusterEnvNode[];
  repoRoot: string;
  file: string;
};

export class ClusterEnvMissingError extends Error {
  constructor(reason: string) {
    super(
      `The multi-node test cluster is not available: ${reason}. ` +
        'Start it with `bash scripts/testenv/cluster.sh up` (after `bash scripts/testenv/up.sh`; ' +
        'others run tests too: `flock /work/coord/integration.lock bash scripts/testenv/cluster.sh up`).',
    );
    this.name = 'ClusterEnvMissingError';
  }
}

/** The cluster env file: SWARMLIFT_CLUSTER_ENV_FILE (relative to the repository root) or `.testenv/cluster/env`. */
export function clusterEnvFile(
  repoRoot: string,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const chosen = environment[CLUSTER_ENV_FILE_VARIABLE]?.trim();
  if (!chosen) return join(repoRoot, '.testenv', 'cluster', 'env');
  return isAbsolute(chosen) ? chosen : join(repoRoot, chosen);
}

/**
 * Checks the variables of a cluster env file and returns the cluster they
 * describe; throws `ClusterEnvMissingError` naming every missing or invalid key.
 */
export function parseClusterEnv(
  vars: Readonly<Record<string, string>>,
  file: string,
  repoRoot: string,
): ClusterEnv {
  const parsed = clusterSchema.safeParse(vars);
  if (!parsed.success) throw new ClusterEnvMissingError(`${file} ${describeIssues(parsed.error)}`);
  const env = parsed.data;
  const problems: string[] = [];
  const nodes: ClusterEnvNode[] = [];
  for (const name of env.CLUSTER_NODES) {
    const prefix = `CLUSTER_NODE_${name.toUpperCase()}_`;
    const own = Object.fromEntries(
      Object.entries(vars)
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, value]) => [key.slice(prefix.length), value]),
    );
    const node = nodeSchema.safeParse(own);
    if (!node.success) {
      problems.push(describeIssues(node.error, prefix));
      continue;
    }
    nodes.push({
      name,
      role: env.CLUSTER_MANAGERS.includes(name) ? 'manager' : 'worker',
      addr: node.data.ADDR,
      socket: node.data.SOCKET,
      engine: node.data.ENGINE,
      sshFingerprint: node.data.SSH_FINGERPRINT,
      srv: node.data.SRV,
    });
  }
  const listed = [...env.CLUSTER_MANAGERS, ...env.CLUSTER_WORKERS];
  if (
    listed.length !== env.CLUSTER_NODES.length ||
    listed.some((n) => !env.CLUSTER_NODES.includes(n))
  )
    problems.push('has CLUSTER_MANAGERS and CLUSTER_WORKERS that do not split CLUSTER_NODES');
  if (problems.length > 0) throw new ClusterEnvMissingError(`${file} ${problems.join('; ')}`);
  return { ...env, nodes, repoRoot, file };
}

/**
 * Reads and checks `.testenv/cluster/env` (written by `cluster.sh up`).
 * Throws `ClusterEnvMissingError`, saying how to start the cluster, when the
 * file is missing or incomplete, the pinned host keys are missing, or no
 * manager's engine socket is there. Tests that need the cluster call it and
 * fail, never skip.
 */
export function loadClusterEnv(
  repoRoot: string = findRepoRoot(),
  environment: Readonly<Record<string, string | undefined>> = process.env,
): ClusterEnv {
  const file = clusterEnvFile(repoRoot, environment);
  if (!existsSync(file)) throw new ClusterEnvMissingError(`${file} does not exist`);
  const env = parseClusterEnv(parseEnvFile(readFileSync(file, 'utf8')), file, repoRoot);
  if (!existsSync(env.CLUSTER_SSH_KNOWN_HOSTS_PATH))
    throw new ClusterEnvMissingError(
      `the pinned host keys ${env.CLUSTER_SSH_KNOWN_HOSTS_PATH} are missing`,
    );
  // A test may have stopped one node (stop-node); with no manager at all it is down.
  const managers = env.nodes.filter((node) => node.role === 'manager');
  if (!managers.some((node) => isSocket(node.socket)))
    throw new ClusterEnvMissingError(
      `no manager's engine socket is there (${managers.map((node) => node.socket).join(', ')})`,
    );
  return env;
}

/** The node named `name`; throws when the cluster has none (the test needs another topology). */
export function clusterEnvNode(env: ClusterEnv, name: string): ClusterEnvNode {
  const node = env.nodes.find((candidate) => candidate.name === name);
  if (!node)
    throw new ClusterEnvMissingError(
      `${env.file} has no node ${name} (nodes: ${env.CLUSTER_NODES.join(' ')}); ` +
        'the CI topology is `cluster.sh up` without options',
    );
  return node;
}

function describeIssues(error: z.ZodError, prefix = ''): string {
  const keys = [...new Set(error.issues.map((issue) => `${prefix}${issue.path.join('.')}`))];
  return `lacks or has invalid ${keys.join(', ')}`;
}
