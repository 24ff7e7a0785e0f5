// ssh2's native crypto binding against its JavaScript fallback, under @swarmlift/remote:
// connect(), per-call latency (ping, listTasks) and 200 concurrent calls, the two variants
// alternating in one run. Each variant is a child process (ssh2-variant-worker.mjs): "js" is
// the workspace's ssh2 as pnpm installs it (no build), "native" the same ssh2 with the
// sshcrypto.node (and cpu-features) that `npm install ssh2@<version>` builds, loaded through
// ssh2-binding-hook.cjs; node_modules is not written to.
// Run `pnpm --filter @swarmlift/remote build` first; needs the test environment. Usage:
//   flock /work/coord/integration.lock node bench/remote/ssh2-binding.mjs
//     [--binding-dir DIR] [--rounds 21] [--calls 100] [--concurrent 200] [--connects 3]
// Without --binding-dir it builds the binding into a temporary folder.
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from '../lib/bench-setup.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
};
const ROUNDS = Number(option('--rounds', 21));
const CALLS = Number(option('--calls', 100));
const CONCURRENT = Number(option('--concurrent', 200));
const CONNECTS = Number(option('--connects', 3));

const ssh2Version = JSON.parse(
  readFileSync(
    createRequire(join(root, 'packages', 'remote', 'package.json')).resolve('ssh2/package.json'),
    'utf8',
  ),
).version;

let bindingDir = option('--binding-dir');
let builtHere = false;
if (!bindingDir) {
  // npm runs ssh2's install script: node-gyp against the installed Node headers.
  bindingDir = mkdtempSync(join(tmpdir(), 'ssh2-binding-'));
  builtHere = true;
  writeFileSync(join(bindingDir, 'package.json'), '{"private":true}\n');
  const started = performance.now();
  try {
    execFileSync('npm', ['install', '--no-save', '--foreground-scripts', `ssh2@${ssh2Version}`], {
      cwd: bindingDir,
      stdio: 'pipe',
    });
  } catch (error) {
    process.stderr.write(error.stderr ?? '');
    throw error;
  }
  console.log(
    `built ssh2@${ssh2Version} with npm in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A variant's worker process and a request/response function over IPC. */
async function startVariant(name, extraEnv) {
  const child = fork(join(here, 'ssh2-variant-worker.mjs'), {
    execArgv: ['--require', join(here, 'ssh2-binding-hook.cjs')],
    env: { ...process.env, SSH2_BINDING_DIR: '', ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  let next = 0;
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const error = new Error(`${name} worker exited (${code})`);
      reject(error);
      for (const { reject: fail } of pending.values()) fail(error);
    });
    child.on('message', (message) => {
      if (message.ready) return resolve();
      const { resolve: done, reject: fail } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) fail(new Error(`${name}: ${message.error}`));
      else done(message.result);
    });
  });
  const ask = (op, args) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      child.send({ id, op, args });
    });
  return { name, ask, child };
}

/** Fraction of both cores busy between two /proc/stat readings. */
const cpuTimes = () => {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = fields.map(Number);
  return { idle: n[3] + n[4], total: n.reduce((a, b) => a + b, 0) };
};
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const variants = [
  await startVariant('js', {}),
  await startVariant('native', { SSH2_BINDING_DIR: bindingDir }),
];
for (const v of variants) {
  const d = await v.ask('describe');
  console.log(
    `${v.name}: binding ${d.bindingAvailable ? 'loaded' : 'absent'}; ${d.negotiated}; ` +
      `transport ${d.transport}; listTasks answer ${d.listTasksBytes} bytes`,
  );
  console.log(`  default ciphers: ${d.defaultCiphers}`);
  if (d.bindingAvailable !== (v.name === 'native'))
    throw new Error(`${v.name}: wrong binding state`);
}

const loadBefore = loadavg();
const cpuBefore = cpuTimes();
const started = performance.now();
const measures = ['connect', 'ping', 'listTasks', 'ping200', 'listTasks200'];
const perRound = Object.fromEntries(
  variants.map((v) => [v.name, Object.fromEntries(measures.map((m) => [m, []]))]),
);
for (let round = 0; round < ROUNDS; round++) {
  // Alternate who goes first, so drift in the machine's load favours neither.
  const order = round % 2 ? [...variants].reverse() : variants;
  const block = async (measure, run) => {
    for (const v of order) perRound[v.name][measure].push(await run(v));
  };
  await block('connect', async (v) => {
    const times = [];
    for (let i = 0; i < CONNECTS; i++) times.push(await v.ask('connect'));
    return median(times);
  });
  for (const kind of ['ping', 'listTasks']) {
    await block(kind, async (v) => median(await v.ask('calls', { kind, count: CALLS })));
    await block(`${kind}200`, (v) => v.ask('concurrent', { kind, count: CONCURRENT }));
  }
}
const seconds = (performance.now() - started) / 1000;
const cpuAfter = cpuTimes();
const busy = 1 - (cpuAfter.idle - cpuBefore.idle) / Math.max(1, cpuAfter.total - cpuBefore.total);
const loadAfter = loadavg();
for (const v of variants) await v.ask('close');

const labels = {
  connect: `connect() (handshake, auth, transport), median of ${CONNECTS} per round`,
  ping: `ping per call, median of ${CALLS} per round`,
  listTasks: `listTasks per call, median of ${CALLS} per round`,
  ping200: `${CONCURRENT} concurrent ping, wall time`,
  listTasks200: `${CONCURRENT} concurrent listTasks, wall time`,
};
const ms = (value) => `${value.toFixed(2)} ms`;
const rows = {};
for (const measure of measures) {
  const js = median(perRound.js[measure]);
  const native = median(perRound.native[measure]);
  const range = (values) => `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
  rows[labels[measure]] = {
    js: ms(js),
    native: ms(native),
    'native / js': (native / js).toFixed(3),
    // The same round's two figures were taken seconds apart: their ratio shrugs off load drift.
    'paired ratio': median(
      perRound.native[measure].map((n, i) => n / perRound.js[measure][i]),
    ).toFixed(3),
    'js range': range(perRound.js[measure]),
    'native range': range(perRound.native[measure]),
  };
}
console.log(
  `ssh2 ${ssh2Version}: median over ${ROUNDS} alternating rounds (${seconds.toFixed(0)} s); ` +
    `load average before ${loadBefore}, after ${loadAfter}; CPU busy ${(busy * 100).toFixed(0)} % ` +
    '(both cores, this run included)',
);
console.table(rows);
if (builtHere) rmSync(bindingDir, { recursive: true, force: true });
