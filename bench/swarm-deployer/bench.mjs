// Benchmark of @swarmlift/swarm-deployer: a 10-service stack deployed over the
// ssh:// target by `docker stack deploy --with-registry-auth` (the Docker CLI)
// and by `swarmlift-stack deploy --with-registry-auth`, both as whole processes,
// for a first deploy, a no-change redeploy and a one-service change; plus the
// same three steps in-process (loadStack + planStack + applyPlan on an open
// connection). Runs alternate between the tools and report medians.
// Run `pnpm --filter @swarmlift/swarm-deployer build` first; needs the test
// environment (bash scripts/testenv/up.sh): engine, sshd, registry with auth.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPackage, loadTestEnv, root, writeOpenSshClient } from '../lib/bench-setup.mjs';

const { Docker, api } = await loadPackage('swarm-deployer');
const { connect } = await import(join(root, 'packages', 'remote', 'dist', 'index.js'));
const { readRegistryCredentials } = await import(
  join(root, 'packages', 'core', 'dist', 'index.js')
);
const env = loadTestEnv();
const flag = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const ROUNDS = flag('--rounds', 5);
const SERVICES = 10;
const BIN = join(root, 'packages', 'swarm-deployer', 'dist', 'bin', 'swarmlift-stack.js');
const target = `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`;
const docker = new Docker({ socketPath: env.DOCKER_SOCKET });

// One HOME for both tools: OpenSSH settings (the pinned key and known_hosts) and the
// registry login in the Docker config, the way a CI runner has them.
const work = mkdtempSync(join(tmpdir(), 'swarm-deployer-bench-'));
const home = join(work, 'home');
mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
mkdirSync(join(home, '.docker'), { recursive: true });
const sshConfig = join(home, '.ssh', 'config');
const sshBin = join(work, 'bin');
writeOpenSshClient(env, { configFile: sshConfig, binDir: sshBin });
const basic = Buffer.from(`${env.REGISTRY_USER}:${env.REGISTRY_PASSWORD}`).toString('base64');
writeFileSync(
  join(home, '.docker', 'config.json'),
  JSON.stringify({ auths: { [env.REGISTRY_HOST]: { auth: basic } } }),
);
// The docker CLI runs `ssh` from PATH, and OpenSSH reads the passwd home, not $HOME: a shim with -F.

// Ten small services, the registry's busybox (needs auth); CHANGE varies one of them.
const compose = join(work, 'docker-compose.yml');
const service = (i) =>
  [
    `  svc${i}:`,
    `    image: ${env.REGISTRY_IMAGE_BUSYBOX}`,
    '    command: ["sleep", "3600"]',
    '    environment:',
    `      INDEX: "${i}"`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation, not JavaScript
    ...(i === 0 ? ['      CHANGE: ${CHANGE:-0}'] : []),
    // busybox sleep ignores SIGTERM as PID 1: a short grace period keeps the removals between rounds quick.
    '    stop_grace_period: 1s',
    '    deploy:',
    '      endpoint_mode: dnsrr',
    '      update_config:',
    '        delay: 100ms',
  ].join('\n');
writeFileSync(
  compose,
  `services:\n${Array.from({ length: SERVICES }, (_, i) => service(i)).join('\n')}\n`,
);

const baseEnv = {
  PATH: `${sshBin}:${process.env.PATH}`,
  HOME: home,
  DOCKER_CONFIG: join(home, '.docker'),
  DOCKER_HOST: target,
};
const runProcess = (file, args, change) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(
      file,
      args,
      { env: { ...baseEnv, CHANGE: String(change) }, cwd: work },
      (error, _out, stderr) => {
        if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr}`));
        else resolve(performance.now() - started);
      },
    );
  });
const tools = {
  cli: (stack, change) =>
    runProcess(
      'docker',
      ['stack', 'deploy', '--with-registry-auth', '--detach=true', '-c', compose, stack],
      change,
    ),
  swarmlift: (stack, change) =>
    runProcess(
      process.execPath,
      [BIN, 'deploy', '--with-registry-auth', '-c', compose, stack],
      change,
    ),
};

// In-process: one connection opened beforehand, then load + plan + apply per step.
const remote = await connect({
  target,
  privateKeyPath: env.SSH_KEY_PATH,
  hostKey: { knownHostsFile: env.SSH_KNOWN_HOSTS_PATH },
});
const credentials = await readRegistryCredentials({
  registry: env.REGISTRY_HOST,
  dockerConfig: join(home, '.docker'),
});
const inProcess = async (stack, change) => {
  const started = performance.now();
  const loaded = await api.loadStack({
    files: [compose],
    stack,
    env: { ...process.env, CHANGE: String(change) },
  });
  const plan = await api.planStack({ remote, stack: loaded, credentials });
  if (!plan.unchanged) await api.applyPlan({ remote, plan, credentials });
  return performance.now() - started;
};

const filters = (stack) => JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] });
async function removeStack(stack) {
  for (const s of await docker.listServices({ filters: filters(stack) }))
    await docker
      .getService(s.ID)
      .remove()
      .catch(() => {});
  const deadline = Date.now() + 60_000;
  for (;;) {
    const networks = await docker.listNetworks({ filters: filters(stack) });
    const containers = await docker.listContainers({ all: true, filters: filters(stack) });
    for (const n of networks)
      await docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => {});
    if (networks.length === 0 && containers.length === 0) return;
    if (Date.now() > deadline) throw new Error(`stack ${stack} did not go away`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const stamp = Date.now().toString(36);
const stacks = {
  cli: `sltest-bench-cli-${stamp}`,
  swarmlift: `sltest-bench-sl-${stamp}`,
  inProcess: `sltest-bench-ip-${stamp}`,
};
const runners = { cli: tools.cli, swarmlift: tools.swarmlift, inProcess };
const steps = ['first deploy', 'no-change redeploy', 'one-service change'];
const times = Object.fromEntries(
  steps.map((step) => [step, { cli: [], swarmlift: [], inProcess: [] }]),
);

// Warm-up: the image is known to the engine and each tool's files are in the page cache.
for (const [name, run] of Object.entries(runners)) await run(stacks[name], 0);

try {
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate who goes first, so neither profits from a quiet moment.
    const order =
      round % 2 === 0 ? ['cli', 'swarmlift', 'inProcess'] : ['swarmlift', 'cli', 'inProcess'];
    await Promise.all(Object.values(stacks).map(removeStack));
    for (const [index, step] of steps.entries()) {
      const change = index === 2 ? round + 1 : 0;
      for (const name of order) times[step][name].push(await runners[name](stacks[name], change));
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
} finally {
  await Promise.all(Object.values(stacks).map(removeStack));
  await remote.close();
  rmSync(work, { recursive: true, force: true });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;
const rows = {};
const verdicts = [];
for (const step of steps) {
  const cli = median(times[step].cli);
  const ours = median(times[step].swarmlift);
  const inside = median(times[step].inProcess);
  rows[step] = {
    'docker stack deploy (CLI)': ms(cli),
    'swarmlift-stack deploy': ms(ours),
    'ratio (target ≤ 1.0)': `${(ours / cli).toFixed(2)}×`,
    'in-process apply': ms(inside),
    'ratio (target ≤ 0.5)': `${(inside / cli).toFixed(2)}×`,
  };
  verdicts.push(
    [`${step}: whole process`, ours / cli, 1.0],
    [`${step}: in-process`, inside / cli, 0.5],
  );
}
console.log(
  `${SERVICES}-service stack over ${target}, medians of ${ROUNDS} rounds (node ${process.version}, ${execFileSync('docker', ['--version']).toString().trim()})`,
);
console.table(rows);
for (const [what, ratio, targetRatio] of verdicts) {
  console.log(
    `${ratio <= targetRatio ? 'met    ' : 'NOT MET'} ${what}: ${ratio.toFixed(2)}× (target ≤ ${targetRatio}×)`,
  );
}
