// One cluster size: both sides' stacks deployed once (the first deploy: every node pulls the
// whole image), then rounds of a new version — a one-line change, so a new image layer that
// every node has to pull — by both sides, who goes first alternating. After each deploy (not
// timed): the edge serves the new version and every static file, a task of the new image runs on
// every node, and the stack is quiet before the next timed deploy.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  deploy,
  hex,
  imageOf,
  makeTarget,
  sec,
  sleep,
  state,
  stepTimes,
} from '../pipeline/harness.mjs';
import { clusterCompose } from './cluster-compose.mjs';
import { spreadOf } from './spread.mjs';

/** Edge ports inside the manager's network namespace (nothing else listens there). */
const EDGE_PORTS = { guide: 18081, swarmlift: 18082 };

/** A side's target on the cluster: its copy of the example with the compose file spread over the nodes. */
export async function makeClusterTarget(cluster, side, { mode, parallelism }) {
  const target = await makeTarget(`n${cluster.nodes}`, side);
  target.port = EDGE_PORTS[side];
  const compose = join(target.dir, 'deployment', 'docker-compose.prod.yml');
  writeFileSync(
    compose,
    clusterCompose(readFileSync(compose, 'utf8'), {
      mode,
      nodes: cluster.nodes,
      parallelism,
      edgeHostname: cluster.managerHostname,
    }),
  );
  return target;
}

/** What differs from the single-node test env: the manager, its host key, Postgres as the nodes reach it. */
const clusterEnv = (cluster) => ({
  SWARM_MANAGER_IP: cluster.managerAddr,
  SSH_PORT: cluster.sshPort,
  SSH_USER: cluster.sshUser,
  SSH_KNOWN_HOSTS: cluster.knownHosts,
  DB_HOST: cluster.pgHost,
  DB_PORT: cluster.pgPort,
});

/** `/` through the edge on the manager answers `version`, and every static file is served. */
async function checkServed(cluster, target, version, label) {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const answer = await askAt(cluster, target);
    if (answer.version === version) {
      last = '';
      break;
    }
    last = answer.error ?? `version ${answer.version}`;
    await sleep(500);
  }
  if (last) throw new Error(`${label}: ${target.side}'s edge does not serve ${version}: ${last}`);
  for (const file of target.staticFiles) {
    const response = await fetch(`http://${cluster.managerAddr}:${target.port}/static/${file}`);
    await response.arrayBuffer();
    if (!response.ok)
      throw new Error(
        `${label}: ${target.side}'s edge answers ${response.status} for /static/${file}`,
      );
  }
}

/** askVersion of bench/pipeline, at the manager's address instead of 127.0.0.1. */
async function askAt(cluster, target) {
  try {
    const response = await fetch(`http://${cluster.managerAddr}:${target.port}/`, {
      signal: AbortSignal.timeout(5000),
    });
    const text = await response.text();
    if (!response.ok) return { error: `${response.status} ${text.slice(0, 200)}` };
    return { version: JSON.parse(text).version };
  } catch (error) {
    return { error: String(error) };
  }
}

/** The app service's tasks (desired running) on the cluster. */
function appTasks(cluster, target) {
  return cluster
    .onManager(
      'service',
      'ps',
      '--filter',
      'desired-state=running',
      '--format',
      '{{.Node}}\t{{.Image}}\t{{.CurrentState}}',
      `${target.stack}_django`,
    )
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [node, image, currentState] = line.split('\t');
      return { node, image, state: currentState };
    });
}

/** Until every node runs a task of `image` (not timed; after the deploy said it was done). */
async function checkSpread(cluster, target, image, label) {
  let spread;
  for (let i = 0; i < 40; i++) {
    spread = spreadOf(appTasks(cluster, target), cluster.hostnames, image);
    if (spread.ok) return spread;
    await sleep(500);
  }
  throw new Error(
    `${label}: ${target.side}: no running task of ${image} on ${spread.missing.join(', ')} (${JSON.stringify(spread.running)})`,
  );
}

/**
 * Until the stack is quiet (not timed): no service update in progress, no task that is to stop
 * still running — so each timed deploy starts from the same state.
 */
async function settle(cluster, target, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let why = '';
  while (Date.now() < deadline) {
    why = '';
    const services = cluster
      .onManager('stack', 'services', '--format', '{{.Name}}', target.stack)
      .split('\n')
      .filter(Boolean);
    for (const service of services) {
      const update = cluster
        .onManager(
          'service',
          'inspect',
          '--format',
          '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{else}}new{{end}}',
          service,
        )
        .trim();
      if (!['new', 'completed', 'rollback_completed'].includes(update))
        why += ` ${service}: update ${update};`;
      const stopping = cluster
        .onManager(
          'service',
          'ps',
          '--filter',
          'desired-state=shutdown',
          '--format',
          '{{.CurrentState}}',
          service,
        )
        .split('\n')
        .filter((s) => /^(Running|Starting|Preparing)/.test(s)).length;
      if (stopping) why += ` ${service}: ${stopping} old task(s) still running;`;
    }
    if (!why) return;
    await sleep(500);
  }
  throw new Error(`${target.stack} did not settle in ${timeoutMs / 1000} s:${why}`);
}

/** One deploy of `sha` by the target's side, checked afterwards; returns its wall time and steps. */
async function deployAndCheck(cluster, target, sha, label, cli) {
  const image = imageOf(target, sha);
  target.images.push(image);
  const { ms, output } = await deploy(target, sha, label, { cli, extraEnv: clusterEnv(cluster) });
  await checkServed(cluster, target, sha.slice(0, 7), label);
  const spread = await checkSpread(cluster, target, image, label);
  await settle(cluster, target);
  console.log(
    `${label.padEnd(26)} ${target.side.padEnd(9)} ${sec(ms).padStart(7)}  tasks of ${sha.slice(0, 7)}: ${Object.entries(
      spread.running,
    )
      .map(([n, k]) => `${n}×${k}`)
      .join(' ')}`,
  );
  return { ms, steps: stepTimes(target.side, output) };
}

/**
 * Both sides on one cluster: the first deploy, then `rounds` new versions. Returns
 * `{ first: {side: ms}, rounds: {side: [ms]}, steps: {side: {step: [ms]}} }`.
 */
export async function clusterFigures(cluster, { sides, rounds, cli, mode, parallelism, targets }) {
  const result = {
    first: {},
    rounds: Object.fromEntries(sides.map((s) => [s, []])),
    steps: Object.fromEntries(sides.map((s) => [s, {}])),
  };
  for (const side of sides)
    targets.push(await makeClusterTarget(cluster, side, { mode, parallelism }));
  const n = `${cluster.nodes} node${cluster.nodes > 1 ? 's' : ''}`;
  for (const target of cluster.nodes % 2 ? targets : [...targets].reverse()) {
    const { ms } = await deployAndCheck(cluster, target, hex(40), `${n} first deploy`, cli);
    result.first[target.side] = ms;
  }
  for (let round = 0; round < rounds && !state.interrupted; round++) {
    // Who goes first alternates with every round.
    for (const target of round % 2 ? [...targets].reverse() : targets) {
      const sha = hex(40);
      appendFileSync(
        join(target.dir, 'app', 'config', 'settings.py'),
        `BENCH_CHANGE = "${sha.slice(0, 7)}"\n`,
      );
      const { ms, steps } = await deployAndCheck(
        cluster,
        target,
        sha,
        `${n} round ${round + 1}`,
        cli,
      );
      result.rounds[target.side].push(ms);
      for (const [step, stepMs] of steps) {
        result.steps[target.side][step] ??= [];
        result.steps[target.side][step].push(stepMs);
      }
    }
  }
  return result;
}
