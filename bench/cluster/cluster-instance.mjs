// A cluster instance of scripts/testenv/cluster.sh of its own (`--name NAME`), so the benchmark
// never touches the default cluster others test on: brought up with the asked number of nodes,
// its settings read from its env file, brought down again.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../lib/bench-setup.mjs';

const clusterScript = join(root, 'scripts', 'testenv', 'cluster.sh');

/**
 * cluster.sh's arguments for an instance of `nodes` nodes: one manager (m1), the rest workers
 * (w1…), every node on the host's engine — cluster.sh's default puts w2 on engine 26, which would
 * mix an engine change into the growth. Not `--solo`: that loads the test images into the node,
 * which the 2- and 4-node clusters would not have.
 */
export function upArgs(name, nodes) {
  const workers = nodes - 1;
  const engines = [];
  for (let k = 1; k <= workers; k++) engines.push('--engine', `w${k}=20`);
  return ['--name', name, 'up', '--managers', '1', '--workers', String(workers), ...engines];
}

/** Where cluster.sh writes an instance's settings. */
export const envFileOf = (name) => join(root, '.testenv', name, 'env');

/** Runs cluster.sh with `args`, its output into `log` (a function taking the text). */
function clusterSh(args, log) {
  try {
    const out = execFileSync('bash', [clusterScript, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    log(`$ cluster.sh ${args.join(' ')}\n${out}`);
  } catch (error) {
    log(`$ cluster.sh ${args.join(' ')}: failed\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(
      `cluster.sh ${args.join(' ')} failed:\n${String(error.stderr ?? error)
        .trim()
        .split('\n')
        .slice(-15)
        .join('\n')}`,
    );
  }
}

/** KEY=VALUE lines (values maybe in double quotes) as an object. */
export function parseEnvFile(text) {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line))
      .filter(Boolean)
      .map((m) => [m[1], m[2].replace(/^"(.*)"$/, '$1')]),
  );
}

/**
 * Brings the instance down (whatever an earlier run left) and up with `nodes` nodes; returns
 * what the benchmark needs of it: the manager's address, socket and swarm hostname, every node's
 * hostname, SSH, Postgres and registry as the nodes reach them.
 */
export function clusterUp(name, nodes, log) {
  clusterSh(['--name', name, 'down'], log);
  const started = performance.now();
  clusterSh(upArgs(name, nodes), log);
  const upMs = performance.now() - started;
  const file = envFileOf(name);
  if (!existsSync(file))
    throw new Error(`cluster.sh ${upArgs(name, nodes).join(' ')} wrote no ${file}`);
  const e = parseEnvFile(readFileSync(file, 'utf8'));
  const need = (key) => {
    if (!e[key]) throw new Error(`${file} has no ${key}`);
    return e[key];
  };
  const names = need('CLUSTER_NODES').split(/\s+/).filter(Boolean);
  if (names.length !== nodes)
    throw new Error(
      `cluster ${name}: ${names.length} node(s) (${names.join(' ')}), asked for ${nodes}`,
    );
  const manager = (e.CLUSTER_MANAGERS ?? names[0]).split(/\s+/)[0];
  const socket = need(`CLUSTER_NODE_${manager.toUpperCase()}_SOCKET`);
  const onManager = (...args) =>
    execFileSync('docker', ['-H', `unix://${socket}`, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DOCKER_CONFIG: undefined, DOCKER_HOST: undefined },
    });
  const hostnames = onManager('node', 'ls', '--format', '{{.Hostname}}')
    .split('\n')
    .filter(Boolean);
  return {
    name,
    nodes,
    upMs,
    manager,
    managerAddr: need(`CLUSTER_NODE_${manager.toUpperCase()}_ADDR`),
    managerHostname: onManager('info', '--format', '{{.Name}}').trim(),
    hostnames,
    onManager,
    engine: onManager('version', '--format', '{{.Server.Version}}').trim(),
    sshPort: e.CLUSTER_SSH_PORT ?? '22',
    sshUser: need('CLUSTER_SSH_USER'),
    knownHosts: need('CLUSTER_SSH_KNOWN_HOSTS_PATH'),
    pgHost: need('CLUSTER_PG_HOST'),
    pgPort: need('CLUSTER_PG_PORT'),
    registry: e.CLUSTER_REGISTRY_HOST,
  };
}

export function clusterDown(name, log) {
  clusterSh(['--name', name, 'down'], log);
}
