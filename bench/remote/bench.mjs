// Benchmark of @swarmlift/remote: per-call latency of listTasks over every way the guide's
// world reaches a Swarm manager, and 200 concurrent calls, all measured in the same run.
// Run `pnpm --filter @swarmlift/remote build` first; needs the test environment
// (bash scripts/testenv/up.sh) for the engine, sshd and its pinned key.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPackage, loadTestEnv, writeOpenSshClient } from '../lib/bench-setup.mjs';

const { Docker, api } = await loadPackage('remote');
const { acquireStackLock, connect, connectOptionsFromEnv, formatEvent } = api;
const env = loadTestEnv();
const flag = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const CALLS = flag('--calls', 300);
const SLOW_CALLS = flag('--slow-calls', 15);
const ROUNDS = flag('--rounds', 9);
const BLOCK = flag('--block', 50);
const EXPLORE = process.argv.includes('--explore');
// dockerode's ssh transport builds an `ssh:` URL that Node 20 warns about; it is a baseline, not ours.
process.noDeprecation = true;

const target = `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`;
const work = mkdtempSync(join(tmpdir(), 'remote-bench-'));

// OpenSSH client settings for the baselines that use it: the pinned key and known_hosts only.
const sshConfig = join(work, 'ssh_config');
// The docker CLI runs `ssh` from PATH; the one in sshBin reads the config above.
const sshBin = join(work, 'bin');
writeOpenSshClient(env, { configFile: sshConfig, binDir: sshBin });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * Median per-call latency in ms for each named call. The calls take turns in
 * blocks of `--block` calls (default 50: a deploy makes its calls in runs, not
 * one at a time between other programs), so a busy moment of the machine hits
 * all of them alike.
 */
async function perCall(calls, count) {
  const samples = Object.fromEntries(Object.keys(calls).map((name) => [name, []]));
  for (const call of Object.values(calls)) for (let i = 0; i < 20; i++) await call();
  for (let done = 0; done < count; done += BLOCK) {
    for (const [name, call] of Object.entries(calls)) {
      for (let i = 0; i < BLOCK; i++) {
        const started = performance.now();
        await call();
        samples[name].push(performance.now() - started);
      }
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, median(values)]),
  );
}

/** Median wall time in ms of 200 calls started at once, for each named call, taking turns. */
async function concurrent(calls) {
  const rounds = Object.fromEntries(Object.keys(calls).map((name) => [name, []]));
  for (const call of Object.values(calls)) await Promise.all(Array.from({ length: 200 }, call));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, call] of Object.entries(calls)) {
      const started = performance.now();
      await Promise.all(Array.from({ length: 200 }, call));
      rounds[name].push(performance.now() - started);
    }
  }
  return Object.fromEntries(Object.entries(rounds).map(([name, values]) => [name, median(values)]));
}

async function withForward(body) {
  const socket = join(work, 'forward.sock');
  const ssh = spawn(
    '/usr/bin/ssh',
    [
      '-F',
      sshConfig,
      '-N',
      '-o',
      'ExitOnForwardFailure=yes',
      '-L',
      `${socket}:/var/run/docker.sock`,
      env.SSH_HOST,
    ],
    { stdio: 'ignore' },
  );
  try {
    for (let i = 0; i < 100 && !existsSync(socket); i++)
      await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(socket)) throw new Error('ssh -L did not create its socket');
    return await body(new Docker({ socketPath: socket }));
  } finally {
    ssh.kill();
  }
}

// The local socket, as dockerode is normally used.
const local = new Docker({ socketPath: env.DOCKER_SOCKET });
// dockerode's own ssh transport (a new SSH connection per request).
const dockerodeSsh = new Docker({
  protocol: 'ssh',
  host: env.SSH_HOST,
  port: Number(env.SSH_PORT),
  username: env.SSH_USER,
  sshOptions: { privateKey: readFileSync(env.SSH_KEY_PATH) },
});
// The guide's way: the docker CLI with DOCKER_HOST=ssh:// (a process and an SSH connection per command).
const cliEnv = {
  ...process.env,
  PATH: `${sshBin}:${process.env.PATH}`,
  DOCKER_HOST: target,
};
const cli = async () =>
  execFileSync('docker', ['node', 'ps', '--quiet', 'self'], { env: cliEnv, stdio: 'pipe' });
// Connected the way every bin connects: connectOptionsFromEnv with DOCKER_HOST, the pinned
// fingerprint and -i, printed through formatEvent.
const binOptions = () => ({
  ...connectOptionsFromEnv(
    { DOCKER_HOST: target, SSH_HOST_KEY_FINGERPRINT: env.SSH_HOST_KEY_FINGERPRINT },
    { 'identity-file': env.SSH_KEY_PATH },
  ),
  timeoutMs: 20_000,
});
const remote = await connect({
  ...binOptions(),
  onEvent: (event) => {
    const line = formatEvent(event);
    if (line) console.log(line);
  },
});
console.log(`Docker transport: ${remote.dockerTransport}`);

const results = await withForward((forward) =>
  perCall(
    {
      local: () => local.listTasks(),
      forward: () => forward.listTasks(),
      remote: () => remote.docker.listTasks(),
    },
    CALLS,
  ),
);
Object.assign(
  results,
  await perCall({ dockerodeSsh: () => dockerodeSsh.listTasks(), cli }, SLOW_CALLS),
);
const together = await concurrent({
  local200: () => local.listTasks(),
  remote200: () => remote.docker.listTasks(),
});
Object.assign(results, together);

// What a deploy pays before its first call: connect() (handshake, auth, choosing the transport)
// and the stack lock (take and release), each the median of a few.
const connectMs = [];
for (let i = 0; i < 7; i++) {
  const started = performance.now();
  const r = await connect(binOptions());
  connectMs.push(performance.now() - started);
  await r.close();
}
const lockMs = [];
for (let i = 0; i < 7; i++) {
  const started = performance.now();
  const lock = await acquireStackLock({ remote, stack: `sltest-bench-lock-${process.pid}` });
  await lock.release();
  lockMs.push(performance.now() - started);
}
results.connect = median(connectMs);
results.lock = median(lockMs);
await remote.close();

const ms = (value) => `${value.toFixed(2)} ms`;
console.log(`listTasks, median of ${CALLS} calls (${SLOW_CALLS} for the slow ones):`);
console.table({
  'local socket (dockerode)': { 'per call': ms(results.local) },
  'ssh -L forward (OpenSSH)': { 'per call': ms(results.forward) },
  "dockerode's ssh transport": { 'per call': ms(results.dockerodeSsh) },
  'docker -H ssh:// (CLI, node ps)': { 'per call': ms(results.cli) },
  '@swarmlift/remote': { 'per call': ms(results.remote) },
});
console.log(`200 concurrent listTasks, median of ${ROUNDS} rounds:`);
console.table({
  'local socket (dockerode)': { '200 calls': ms(results.local200) },
  '@swarmlift/remote': { '200 calls': ms(results.remote200) },
});
console.log('Set-up costs, median of 7:');
console.table({
  'connect() (ssh, pinned key, transport chosen)': { time: ms(results.connect) },
  'acquireStackLock + release': { time: ms(results.lock) },
});
const checks = [
  ['remote / ssh -L forward (target ≤ 1)', results.remote / results.forward, (r) => r <= 1],
  ["dockerode's ssh / remote (target ≥ 10)", results.dockerodeSsh / results.remote, (r) => r >= 10],
  ['docker -H ssh:// / remote', results.cli / results.remote, () => true],
  ['remote / local socket, per call', results.remote / results.local, () => true],
  [
    'remote / local socket, 200 concurrent (target ≤ 2.5)',
    results.remote200 / results.local200,
    (r) => r <= 2.5,
  ],
];
for (const [label, value, ok] of checks) {
  console.log(`${ok(value) ? 'ok  ' : 'MISS'} ${label}: ${value.toFixed(2)}`);
}

if (EXPLORE) {
  // Where the time goes: channel count, and the dial-stdio transport.
  const rows = {};
  for (const [label, options] of [
    ['stream-local, 1 channel', { maxDockerChannels: 1 }],
    ['stream-local, 4 channels', { maxDockerChannels: 4 }],
    ['stream-local, 16 channels', { maxDockerChannels: 16 }],
    ['stream-local, 32 channels (default)', {}],
    ['stream-local, 64 channels', { maxDockerChannels: 64 }],
    ['dial-stdio, 6 channels', { dockerTransport: 'dial-stdio' }],
  ]) {
    const r = await connect({ ...binOptions(), ...options });
    const call = () => r.docker.listTasks();
    const single = await perCall({ call }, CALLS);
    const many = await concurrent({ call });
    rows[label] = { 'per call': ms(single.call), '200 calls': ms(many.call) };
    await r.close();
  }
  console.table(rows);
}
rmSync(work, { recursive: true, force: true });
