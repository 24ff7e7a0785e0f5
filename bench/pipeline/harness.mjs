// What every figure of bench/pipeline shares: the test environment, a copy of the example per
// side with its own stack/image/database/port/static target, the environment both sides get, a
// deploy (or any other command) run to the end with its output kept and checked for secrets,
// the check that the edge serves a version, and the clean-up of everything a target made.
import { execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadTestEnv, root } from '../lib/bench-setup.mjs';

export { root };
export const guideScript = join(root, 'bench', 'pipeline', 'guide-deploy.sh');
export const example = join(root, 'examples', 'django-app');
export const defaultCli = join(root, 'apps', 'swarmlift', 'dist', 'cli.js');

export const env = loadTestEnv();
export const suffix = Math.random().toString(16).slice(2, 8);
export const work = mkdtempSync(join(tmpdir(), 'pipeline-bench-'));
export const logFile = join(work, 'deploys.log');
const sshKey = readFileSync(env.SSH_KEY_PATH, 'utf8');
const secrets = [env.REGISTRY_PASSWORD, env.PG_PASSWORD, sshKey.trim()];
const redact = (text) => secrets.reduce((t, s) => (s ? t.split(s).join('***') : t), text);
const localDocker = { ...process.env, DOCKER_HOST: `unix://${env.DOCKER_SOCKET}` };
delete localDocker.DOCKER_CONFIG;
export const docker = (...args) =>
  execFileSync('docker', args, {
    env: localDocker,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const psql = (sql) =>
  execFileSync(
    'psql',
    ['-h', env.PG_HOST, '-p', env.PG_PORT, '-U', env.PG_USER, '-d', env.PG_DATABASE, '-qtAc', sql],
    { env: { ...process.env, PGPASSWORD: env.PG_PASSWORD }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;
export const hex = (n) =>
  Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Children running now, the interruption flag and the secret leaks seen; shared by every figure. */
export const state = {
  running: new Set(),
  live: new Set(),
  leaks: [],
  interrupted: false,
  timeoutMs: 600_000, // per command (--deploy-timeout)
};
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    state.interrupted = true;
    for (const child of state.running)
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
  });

/** A TCP port nothing listens on now (the edge service publishes it in host mode). */
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** The example's static files, as paths under /static/ (to check that nginx serves them). */
function staticFiles(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'static' && relative(join(dir, 'app'), p).split('/').length === 2)
          found.push(...listFiles(p).map((f) => relative(p, f)));
        else walk(p);
      }
    }
  };
  const listFiles = (d) =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? listFiles(join(d, e.name)) : [join(d, e.name)],
    );
  walk(join(dir, 'app'));
  return found;
}

/** A copy of the example read afresh, leaving out what a checkout would not have. */
export function copyExample(dir, marker) {
  cpSync(example, dir, {
    recursive: true,
    filter: (src) =>
      !/(__pycache__|\.pyc$|\/deployment\/\.env$|\/app\/staticfiles$|\/node_modules$)/.test(src),
  });
  // A per-copy marker, so neither side's build finds the other's `COPY app/` layer in the cache.
  writeFileSync(join(dir, 'app', 'BENCH_COPY'), `${marker}\n`);
}

/**
 * One side of one run: its own copy of the example, stack, image, database, port and static
 * target. `run` is part of every name (`pbench-<suffix>-<run>-<side>`).
 */
export async function makeTarget(run, side) {
  const name = `pbench-${suffix}-${run}-${side}`;
  const dir = join(work, name);
  copyExample(dir, name);
  const database = `pbench_${suffix}_${run}_${side}`.replaceAll('-', '_');
  psql(`CREATE DATABASE ${database}`);
  const target = {
    side,
    name,
    dir,
    dirs: [dir],
    database,
    stack: name,
    imageName: `swarmlift-test/${name}`,
    staticTarget: join(env.NGINX_TEST_STATIC_ROOT, name),
    port: await freePort(),
    secretKey: `bench-secret-${hex(56)}`, // Django wants ≥ 50 characters (security.W009)
    images: [],
  };
  target.staticFiles = staticFiles(dir);
  state.live.add(target);
  return target;
}

/** The image a deploy of `sha` builds for a target. */
export const imageOf = (target, sha) =>
  `${env.REGISTRY_HOST}/${target.imageName}/django-app:${sha.slice(0, 7)}`;

/** The same environment for both: the names of the guide's workflow and of `swarmlift deploy`. */
export function deployEnv(target, sha) {
  const base = { ...process.env };
  for (const key of [
    'DOCKER_HOST',
    'DOCKER_CONFIG',
    'GITHUB_ACTIONS',
    'GITHUB_STEP_SUMMARY',
    'GITHUB_OUTPUT',
  ])
    delete base[key];
  return {
    ...base,
    NO_COLOR: '1',
    REGISTRY: env.REGISTRY_HOST,
    IMAGE_NAME: target.imageName,
    STACK_NAME: target.stack,
    GITHUB_SHA: sha,
    SWARM_MANAGER_IP: env.SSH_HOST,
    SSH_USER: env.SSH_USER,
    SSH_PORT: env.SSH_PORT,
    SSH_PRIVATE_KEY: sshKey,
    SSH_KNOWN_HOSTS: env.SSH_KNOWN_HOSTS_PATH,
    REGISTRY_USERNAME: env.REGISTRY_USER,
    REGISTRY_PASSWORD: env.REGISTRY_PASSWORD,
    SECRET_KEY: target.secretKey,
    DEBUG: '0',
    DB_NAME: target.database,
    DB_USER: env.PG_USER,
    DB_PASSWORD: env.PG_PASSWORD,
    DB_HOST: env.PG_SWARM_HOST,
    DB_PORT: env.PG_PORT,
    REDIS_URI: 'redis:6379/0',
    STATIC_TARGET: target.staticTarget,
    BUILD_ARGS: `BASE_IMAGE=${env.IMAGE_DJANGO}`,
    // The example's compose file: the edge proxy's host port and images this machine has.
    EDGE_PORT: String(target.port),
    EDGE_IMAGE: env.REGISTRY_IMAGE_DJANGO,
    REDIS_IMAGE: env.REGISTRY_IMAGE_DJANGO,
    // The guide's one-off `docker run … migrate` sits on the default bridge, which this
    // machine's Postgres refuses; docker_gwbridge is the network the stack's tasks reach it by.
    GUIDE_MIGRATE_NETWORK: 'docker_gwbridge',
  };
}

/**
 * Runs a command to the end in the target's environment; resolves with its wall time in ms
 * (process start to exit), its output and its exit code. Logs the (redacted) output, notes any
 * secret value in it, and rejects unless it exited with one of `okCodes`.
 */
export function runCommand(
  target,
  {
    command,
    args,
    cwd = target.dir,
    sha,
    label,
    extraEnv = {},
    okCodes = [0],
    timeoutMs = state.timeoutMs,
  },
) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...deployEnv(target, sha), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
    }, timeoutMs);
    state.running.add(child);
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      state.running.delete(child);
      const clean = redact(output.split(target.secretKey).join('***'));
      const leaked = secrets.concat(target.secretKey).filter((s) => s && output.includes(s)).length;
      appendFileSync(
        logFile,
        `\n===== ${label} (${target.side}, ${target.stack}, ${sha.slice(0, 7)}): ${[command, ...args].map((a) => (a.startsWith(root) ? relative(root, a) : a)).join(' ')}: exit ${code ?? signal}, ${ms.toFixed(0)} ms\n${clean}`,
      );
      if (leaked)
        state.leaks.push(`${label} ${target.side}: ${leaked} secret value(s) in the output`);
      if (!okCodes.includes(code)) {
        const tail = clean.split('\n').slice(-25).join('\n');
        reject(
          new Error(`${label}: ${target.side} exited ${code ?? signal} after ${sec(ms)}\n${tail}`),
        );
      } else resolve({ ms, output, code, started });
    });
  });
}

/** One deploy by the target's side (guide-deploy.sh or `swarmlift deploy`). */
export function deploy(target, sha, label, { cli, cwd, extraEnv } = {}) {
  const [command, args] =
    target.side === 'guide' ? ['bash', [guideScript]] : [process.execPath, [cli, 'deploy']];
  return runCommand(target, { command, args, cwd, sha, label, extraEnv });
}

/**
 * Per-step durations in ms: the guide script's `guide-step: NAME N ms` lines, swarmlift's
 * `✓ NAME … (N s)` step lines.
 */
export function stepTimes(side, output) {
  const pattern =
    side === 'guide' ? /^guide-step: (\S+) (\d+) ms$/gm : /^✓ (\S+) .*\((\d+(?:\.\d+)?) s\)$/gm;
  const scale = side === 'guide' ? 1 : 1000;
  return [...output.matchAll(pattern)].map((m) => [m[1], Number(m[2]) * scale]);
}

/** What `/` answers through the target's edge proxy: `{ version }` or `{ error }`. */
export async function askVersion(target, timeoutMs = 5000) {
  try {
    const response = await fetch(`http://127.0.0.1:${target.port}/`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) return { error: `${response.status} ${text.slice(0, 200)}` };
    return { version: JSON.parse(text).version, body: text };
  } catch (error) {
    return { error: String(error) };
  }
}

/** After a deploy (not timed): the edge proxy serves this version from a migrated database, and the static files. */
export async function verify(target, sha, label) {
  const version = sha.slice(0, 7);
  let last = '';
  for (let i = 0; i < 40; i++) {
    const answer = await askVersion(target);
    if (answer.version === version) {
      last = `200 ${answer.body}`;
      break;
    }
    last = `not yet: ${answer.error ?? `version ${answer.version}`}`;
    await sleep(500);
  }
  if (last.startsWith('not yet'))
    throw new Error(`${label}: ${target.side}'s stack does not serve ${version}: ${last}`);
  for (const file of target.staticFiles) {
    const response = await fetch(`http://127.0.0.1:${target.port}/static/${file}`);
    await response.arrayBuffer();
    if (!response.ok)
      throw new Error(
        `${label}: ${target.side}'s stack answers ${response.status} for /static/${file}`,
      );
  }
  return last;
}

/**
 * Until the stack is quiet (not timed): every service of the stack with its replicas running, no
 * update in progress, and one task per replica (an update's old task gone). So a timed step starts
 * from the same state on both sides.
 */
export async function settle(target, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let why = '';
  while (Date.now() < deadline) {
    why = '';
    try {
      const ids = docker('stack', 'services', '-q', target.stack).split('\n').filter(Boolean);
      for (const id of ids) {
        const [fullId, name, update, replicas] = docker(
          'service',
          'inspect',
          '--format',
          '{{.ID}} {{.Spec.Name}} {{if .UpdateStatus}}{{.UpdateStatus.State}}{{else}}new{{end}} {{.Spec.Mode.Replicated.Replicas}}',
          id,
        )
          .trim()
          .split(' ');
        const runningTasks = docker(
          'ps',
          '-q',
          '--filter',
          `label=com.docker.swarm.service.id=${fullId}`,
        )
          .split('\n')
          .filter(Boolean).length;
        if (!['new', 'completed', 'rollback_completed'].includes(update))
          why += ` ${name}: update ${update};`;
        if (String(runningTasks) !== replicas)
          why += ` ${name}: ${runningTasks} containers for ${replicas} replica(s);`;
      }
      if (!ids.length) why = ' no services';
    } catch (error) {
      why = String(error);
    }
    if (!why) return;
    await sleep(500);
  }
  throw new Error(`${target.stack} did not settle in ${timeoutMs / 1000} s:${why}`);
}

/** The ids of KIND objects with a label value for which `match` holds. */
function labelledWith(kind, match) {
  try {
    const ids = docker(kind, 'ls', '-q').split('\n').filter(Boolean);
    if (!ids.length) return [];
    const format =
      kind === 'network' ? '{{.Id}} {{json .Labels}}' : '{{.ID}} {{json .Spec.Labels}}';
    return docker(kind, 'inspect', '--format', format, ...ids)
      .split('\n')
      .filter(Boolean)
      .map((line) => [
        line.slice(0, line.indexOf(' ')),
        JSON.parse(line.slice(line.indexOf(' ') + 1)) ?? {},
      ])
      .filter(([, labels]) => Object.values(labels).some((value) => match(String(value))))
      .map(([id]) => id);
  } catch {
    return [];
  }
}

/** Everything a target made, except its registry tags. Never throws. */
export async function cleanUp(target) {
  const label = `com.docker.stack.namespace=${target.stack}`;
  const quiet = (fn) => {
    try {
      return fn();
    } catch {
      return '';
    }
  };
  quiet(() => docker('stack', 'rm', target.stack));
  for (let i = 0; i < 120; i++) {
    if (!quiet(() => docker('ps', '-aq', '--filter', `label=${label}`)).trim()) break;
    await sleep(500);
  }
  // The stack's networks and configs, and swarmlift's own configs for it (deploy records, the
  // lock), which carry the stack's name in a label (io.swarmlift.deploy-record=STACK, …).
  for (const kind of ['network', 'config', 'secret'])
    for (const id of labelledWith(kind, (value) => value === target.stack))
      quiet(() => docker(kind, 'rm', id));
  if (target.database !== 'none')
    quiet(() => psql(`DROP DATABASE IF EXISTS ${target.database} WITH (FORCE)`));
  rmSync(target.staticTarget, { recursive: true, force: true });
  for (const image of new Set(target.images)) quiet(() => docker('rmi', '-f', image));
  for (const dir of target.dirs ?? [target.dir]) rmSync(dir, { recursive: true, force: true });
  state.live.delete(target);
}

/**
 * What an earlier, killed run of this benchmark left. Its names start with `pbench-`, not the
 * tests' `sltest-`: scripts/testenv/up.sh removes every `sltest-` service whenever anyone runs it,
 * which would take a stack away in the middle of a measured deploy.
 */
export async function removeLeftovers() {
  const stacks = docker('stack', 'ls', '--format', '{{.Name}}')
    .split('\n')
    .filter((name) => name.startsWith('pbench-'));
  const databases = psql("SELECT datname FROM pg_database WHERE datname LIKE 'pbench\\_%'")
    .toString()
    .split('\n')
    .filter(Boolean);
  const statics = readdirSync(env.NGINX_TEST_STATIC_ROOT).filter((name) =>
    name.startsWith('pbench-'),
  );
  if (stacks.length + databases.length + statics.length)
    console.log(
      `removing leftovers of an earlier run: ${[...stacks, ...databases, ...statics].join(', ')}`,
    );
  for (const stack of stacks)
    await cleanUp({
      stack,
      database: 'none',
      staticTarget: join(work, 'none'),
      images: [],
      dir: join(work, 'none'),
    });
  // Deploy records and locks of stacks already gone.
  for (const kind of ['config', 'secret'])
    for (const id of labelledWith(kind, (value) => value.startsWith('pbench-')))
      try {
        docker(kind, 'rm', id);
      } catch {}
  for (const database of databases) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  for (const name of statics)
    rmSync(join(env.NGINX_TEST_STATIC_ROOT, name), { recursive: true, force: true });
}

/** Warms the layer cache both sides share (FROM, the python link, requirements, entrypoint). */
export function warmBuildCache() {
  execFileSync(
    'docker',
    [
      'build',
      '-q',
      '--build-arg',
      `BASE_IMAGE=${env.IMAGE_DJANGO}`,
      '-f',
      'deployment/Dockerfile',
      '-t',
      `pbench-warm-${suffix}`,
      '.',
    ],
    {
      cwd: example,
      env: { ...localDocker, DOCKER_BUILDKIT: '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  docker('rmi', `pbench-warm-${suffix}`);
}

/** The engine's version and the load average, for the tables' heading. */
export function machineLine() {
  const engine = docker('version', '--format', '{{.Server.Version}}').trim();
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `examples/django-app, engine ${engine}, Node ${process.version}, load average now ${load}`;
}
