// Benchmark of the whole pipeline: the guide's deploy job (guide-deploy.sh: docker CLI build +
// push, collectstatic, .env by echo, static files by tar over ssh, `docker stack deploy --prune
// --with-registry-auth`, `sleep 30`, a docker-stack-wait.sh poll loop, `docker run --rm
// --env-file .env … migrate`) against `swarmlift deploy`, on examples/django-app, same machine,
// same run, interleaved: first deploy, no-change redeploy, one-line code change. Plus the start-up
// of `swarmlift --help` against a bare `node -e 0`.
//
//   flock /work/coord/integration.lock node bench/pipeline/bench.mjs --runs 3
//
// Needs the test environment (bash scripts/testenv/up.sh) and, for the swarmlift side,
// `pnpm --filter swarmlift build` (without apps/swarmlift/dist/cli.js only the guide runs).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
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

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const index = argv.indexOf(name);
  return index === -1 ? fallback : Number(argv[index + 1]);
};
const RUNS = flag('--runs', 3);
const STARTUP_RUNS = flag('--startup-runs', 40);
const DEPLOY_TIMEOUT_MS = flag('--deploy-timeout', 600) * 1000;
// --cli PATH: another build of the CLI (e.g. a stand-in, to try the harness).
const cli = argv.includes('--cli')
  ? argv[argv.indexOf('--cli') + 1]
  : join(root, 'apps', 'swarmlift', 'dist', 'cli.js');
const guideScript = join(root, 'bench', 'pipeline', 'guide-deploy.sh');
const example = join(root, 'examples', 'django-app');
const haveCli = existsSync(cli) && !argv.includes('--guide-only');
const sides = haveCli ? ['guide', 'swarmlift'] : ['guide'];

const env = loadTestEnv();
const suffix = Math.random().toString(16).slice(2, 8);
const work = mkdtempSync(join(tmpdir(), 'pipeline-bench-'));
const logFile = join(work, 'deploys.log');
const sshKey = readFileSync(env.SSH_KEY_PATH, 'utf8');
const secrets = [env.REGISTRY_PASSWORD, env.PG_PASSWORD, sshKey.trim()];
const redact = (text) => secrets.reduce((t, s) => (s ? t.split(s).join('***') : t), text);
const localDocker = { ...process.env, DOCKER_HOST: `unix://${env.DOCKER_SOCKET}` };
delete localDocker.DOCKER_CONFIG;
const docker = (...args) =>
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
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;
const hex = (n) =>
  Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** One side of one run: its own copy of the example, stack, image, database, port and static target. */
async function makeTarget(run, side) {
  const name = `pbench-${suffix}-${run}-${side}`;
  const dir = join(work, name);
  // Read the example afresh for every run; leave out what a checkout would not have.
  cpSync(example, dir, {
    recursive: true,
    filter: (src) =>
      !/(__pycache__|\.pyc$|\/deployment\/\.env$|\/app\/staticfiles$|\/node_modules$)/.test(src),
  });
  // A per-copy marker, so neither side's build finds the other's `COPY app/` layer in the cache.
  writeFileSync(join(dir, 'app', 'BENCH_COPY'), `${name}\n`);
  const database = `pbench_${suffix}_${run}_${side}`;
  psql(`CREATE DATABASE ${database}`);
  return {
    side,
    name,
    dir,
    database,
    stack: name,
    imageName: `swarmlift-test/${name}`,
    staticTarget: join(env.NGINX_TEST_STATIC_ROOT, name),
    port: await freePort(),
    secretKey: `bench-secret-${hex(56)}`, // Django wants ≥ 50 characters (security.W009)
    created: [],
  };
}

/** The same environment for both: the names of the guide's workflow and of `swarmlift deploy`. */
function deployEnv(target, sha) {
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

/** Runs one deploy to the end; its wall time in ms. Throws with the (redacted) log tail on failure. */
function deploy(target, sha, label) {
  const [command, args] =
    target.side === 'guide' ? ['bash', [guideScript]] : [process.execPath, [cli, 'deploy']];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: target.dir,
      env: deployEnv(target, sha),
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
    }, DEPLOY_TIMEOUT_MS);
    running.add(child);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const ms = performance.now() - started;
      const leaked = secrets.concat(target.secretKey).filter((s) => s && output.includes(s)).length;
      appendFileSync(
        logFile,
        `\n===== ${label} (${target.side}, ${target.stack}, ${sha.slice(0, 7)}): exit ${code ?? signal}, ${ms.toFixed(0)} ms\n${redact(output.split(target.secretKey).join('***'))}`,
      );
      if (leaked) leaks.push(`${label} ${target.side}: ${leaked} secret value(s) in the output`);
      if (code !== 0) {
        const tail = redact(output.split(target.secretKey).join('***'))
          .split('\n')
          .slice(-25)
          .join('\n');
        reject(
          new Error(`${label}: ${target.side} exited ${code ?? signal} after ${sec(ms)}\n${tail}`),
        );
      } else resolve({ ms, output });
    });
  });
}

/** After a deploy (not timed): the edge proxy serves this version from a migrated database, and the static files. */
async function verify(target, sha, label) {
  const version = sha.slice(0, 7);
  let last = '';
  for (let i = 0; i < 40; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${target.port}/`, {
        signal: AbortSignal.timeout(5000),
      });
      last = `${response.status} ${await response.text()}`;
      if (response.ok && JSON.parse(last.slice(4)).version === version) break;
    } catch (error) {
      last = String(error);
    }
    last = `not yet: ${last}`;
    await sleep(500);
  }
  if (last.startsWith('not yet'))
    throw new Error(`${label}: ${target.side}'s stack does not serve ${version}: ${last}`);
  for (const file of target.staticFiles) {
    const response = await fetch(`http://127.0.0.1:${target.port}/static/${file}`);
    if (!response.ok)
      throw new Error(
        `${label}: ${target.side}'s stack answers ${response.status} for /static/${file}`,
      );
  }
  return last;
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
async function cleanUp(target) {
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
  for (const image of target.images) quiet(() => docker('rmi', '-f', image));
  rmSync(target.dir, { recursive: true, force: true });
}

/**
 * What an earlier, killed run of this benchmark left. Its names start with `pbench-`, not the
 * tests' `sltest-`: scripts/testenv/up.sh removes every `sltest-` service whenever anyone runs it,
 * which would take a stack away in the middle of a measured deploy.
 */
async function removeLeftovers() {
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

const running = new Set();
const live = new Set();
const leaks = [];
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    interrupted = true;
    for (const child of running)
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
  });

const steps = ['first deploy', 'no-change redeploy', 'one-line change'];
const times = Object.fromEntries(
  steps.map((s) => [s, Object.fromEntries(sides.map((x) => [x, []]))]),
);
const byStep = Object.fromEntries(
  sides.map((side) => [side, Object.fromEntries(steps.map((s) => [s, {}]))]),
);
let failure;

try {
  await removeLeftovers();
  if (!haveCli)
    console.log(
      `swarmlift side skipped: ${existsSync(cli) ? '--guide-only given' : `${relative(root, cli)} does not exist (pnpm --filter swarmlift build)`}`,
    );
  // Warm the layer cache both sides share (FROM, the python link, requirements, entrypoint).
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

  for (let run = 0; run < RUNS && !interrupted; run++) {
    const targets = [];
    try {
      for (const side of sides) {
        const target = await makeTarget(run, side);
        target.staticFiles = staticFiles(target.dir);
        target.images = [];
        targets.push(target);
        live.add(target);
      }
      const shaFirst = Object.fromEntries(targets.map((t) => [t.side, hex(40)]));
      for (const [stepIndex, step] of steps.entries()) {
        // Who goes first alternates with every step and every run.
        const order = (run + stepIndex) % 2 ? [...targets].reverse() : targets;
        for (const target of order) {
          let sha = shaFirst[target.side];
          if (step === 'one-line change') {
            sha = hex(40);
            appendFileSync(
              join(target.dir, 'app', 'config', 'settings.py'),
              `BENCH_CHANGE = "${sha.slice(0, 7)}"\n`,
            );
          }
          target.images.push(
            `${env.REGISTRY_HOST}/${target.imageName}/django-app:${sha.slice(0, 7)}`,
          );
          const { ms, output } = await deploy(target, sha, `run ${run + 1} ${step}`);
          times[step][target.side].push(ms);
          // Per-step durations: the guide script's `guide-step: NAME N ms` lines, swarmlift's
          // `✓ NAME … (N s)` step lines.
          const pattern =
            target.side === 'guide'
              ? /^guide-step: (\S+) (\d+) ms$/gm
              : /^✓ (\S+) .*\((\d+(?:\.\d+)?) s\)$/gm;
          const scale = target.side === 'guide' ? 1 : 1000;
          for (const m of output.matchAll(pattern)) {
            byStep[target.side][step][m[1]] ??= [];
            byStep[target.side][step][m[1]].push(Number(m[2]) * scale);
          }
          const served = await verify(target, sha, `run ${run + 1} ${step}`);
          console.log(
            `run ${run + 1} ${step.padEnd(18)} ${target.side.padEnd(9)} ${sec(ms).padStart(7)}  ${served}`,
          );
        }
      }
    } finally {
      for (const target of targets) {
        await cleanUp(target);
        live.delete(target);
      }
    }
  }
} catch (error) {
  failure = error;
} finally {
  for (const target of live) await cleanUp(target);
}

// swarmlift --help against a bare node, hyperfine-style: warm-up, then interleaved runs.
const startup = { node: [], help: [] };
if (haveCli && !interrupted) {
  const once = (args) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, {
      stdio: 'ignore',
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 3; i++) {
    once(['-e', '0']);
    once([cli, '--help']);
  }
  for (let i = 0; i < STARTUP_RUNS; i++) {
    startup.node.push(once(['-e', '0']));
    startup.help.push(once([cli, '--help']));
  }
}

const completed = Math.min(...steps.flatMap((s) => sides.map((x) => times[s][x].length)));
const engine = docker('version', '--format', '{{.Server.Version}}').trim();
console.log(
  `\nexamples/django-app, engine ${engine}, Node ${process.version}, medians of ${completed} interleaved run(s); load average now ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`,
);
console.log('| step | guide-deploy.sh | swarmlift deploy | ratio | target |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const step of steps) {
  const guide = times[step].guide.length ? median(times[step].guide) : undefined;
  const ours = haveCli && times[step].swarmlift.length ? median(times[step].swarmlift) : undefined;
  const ratio = guide && ours !== undefined ? ours / guide : undefined;
  let target = '≤ 0.3× of the guide';
  let met;
  if (step === 'no-change redeploy') {
    target = '≤ 3 s';
    met = ours !== undefined ? ours <= 3000 : undefined;
  } else met = ratio !== undefined ? ratio <= 0.3 : undefined;
  console.log(
    `| ${step} | ${guide ? sec(guide) : '—'} | ${ours !== undefined ? sec(ours) : '—'} | ${ratio !== undefined ? `${ratio.toFixed(2)}×` : '—'} | ${target}${met === undefined ? '' : met ? ' ✓' : ' ✗'} |`,
  );
}
for (const side of sides) {
  console.log(
    `\n${side === 'guide' ? 'guide-deploy.sh' : 'swarmlift deploy'} by step (medians; ${side === 'guide' ? 'its guide-step lines' : 'its ✓ step lines, 0.1 s resolution'}):\n`,
  );
  const names = [...new Set(steps.flatMap((s) => Object.keys(byStep[side][s])))];
  console.log(`| step | ${steps.join(' | ')} |`);
  console.log(`| --- | ${steps.map(() => '---:').join(' | ')} |`);
  for (const name of names)
    console.log(
      `| ${name} | ${steps.map((s) => (byStep[side][s][name] ? `${median(byStep[side][s][name]).toFixed(0)} ms` : '—')).join(' | ')} |`,
    );
}
if (startup.help.length) {
  const node = median(startup.node);
  const help = median(startup.help);
  console.log(
    `\nstart-up, median of ${STARTUP_RUNS} interleaved runs: node -e 0 ${node.toFixed(0)} ms, swarmlift --help ${help.toFixed(0)} ms: +${(help - node).toFixed(0)} ms (target ≤ 100 ms ${help - node <= 100 ? '✓' : '✗'})`,
  );
}
if (leaks.length) console.log(`\nsecret values in the output:\n${leaks.join('\n')}`);
console.log(`\ndeploy logs (secrets redacted): ${logFile}`);
if (failure) {
  console.error(`\nbenchmark failed: ${failure.stack ?? failure}`);
  process.exitCode = 1;
}
if (interrupted) process.exitCode = 130;
