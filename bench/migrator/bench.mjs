// Benchmark of @swarmlift/migrator: wall time of a no-op `migrate` as a Swarm job over one
// @swarmlift/remote SSH session, against the guide's
//   DOCKER_HOST=ssh://deploy@HOST docker run --rm --env-file .env IMAGE python manage.py migrate
// measured in the same run, interleaved. Run `pnpm --filter @swarmlift/migrator build` (and
// @swarmlift/remote, @swarmlift/env-writer) first; needs the test environment (bash scripts/testenv/up.sh).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPackage, loadTestEnv, root, writeOpenSshClient } from '../lib/bench-setup.mjs';

const { Docker, api } = await loadPackage('migrator');
const { migrate } = api;
const { connect } = await import(join(root, 'packages', 'remote', 'dist', 'index.js'));
const { engineAuthConfig, registryCredentials } = await import(
  join(root, 'packages', 'core', 'dist', 'index.js')
);
const env = loadTestEnv();
const flag = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const RUNS = flag('--runs', 7);
const docker = new Docker({ socketPath: env.DOCKER_SOCKET });
const suffix = Math.random().toString(16).slice(2, 8);
const stack = `sltest-mbench-${suffix}`;
const database = `sltest_mbench_${suffix}`;
const image = `${env.REGISTRY_HOST}/swarmlift-test/migrator-bench:${suffix}`;
const work = mkdtempSync(join(tmpdir(), 'migrator-bench-'));
const localCli = {
  ...process.env,
  DOCKER_HOST: `unix://${env.DOCKER_SOCKET}`,
  DOCKER_BUILDKIT: '0',
};
const psql = (sql) =>
  execFileSync(
    'psql',
    ['-h', env.PG_HOST, '-p', env.PG_PORT, '-U', env.PG_USER, '-d', env.PG_DATABASE, '-qtAc', sql],
    {
      env: { ...process.env, PGPASSWORD: env.PG_PASSWORD },
    },
  );

// The guide's CLI over ssh://: OpenSSH with the pinned key and known_hosts (as bench/remote does).
const sshConfig = join(work, 'ssh_config');
const sshBin = join(work, 'bin');
writeOpenSshClient(env, { configFile: sshConfig, binDir: sshBin });
const sshCli = {
  ...process.env,
  PATH: `${sshBin}:${process.env.PATH}`,
  DOCKER_HOST: `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`,
};

// Both runs use the same values. The job reaches Postgres through docker_gwbridge (PG_SWARM_HOST);
// `docker run` on the default bridge (172.17/16) is refused by pg_hba, so the baseline runs with
// --network host and DB_HOST=127.0.0.1 — the only way the guide's command reaches this Postgres
// without an extra pg_hba rule.
const values = {
  SECRET_KEY: `bench-${suffix}`,
  DB_NAME: database,
  DB_USER: env.PG_USER,
  DB_PASSWORD: env.PG_PASSWORD,
  DB_PORT: env.PG_PORT,
};
const writeEnv = (file, extra) =>
  writeFileSync(
    file,
    Object.entries({ ...values, ...extra })
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
    { mode: 0o600 },
  );
const jobEnvFile = join(work, 'job.env');
const cliEnvFile = join(work, 'cli.env');
writeEnv(jobEnvFile, { DB_HOST: env.PG_SWARM_HOST });
writeEnv(cliEnvFile, { DB_HOST: '127.0.0.1' });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`;

let remote;
try {
  // Fixture: the tests' tiny Django project, pushed to the registry; migrated once so every measured run is a no-op.
  execFileSync(
    'docker',
    [
      'build',
      '-q',
      '--build-arg',
      `BASE=${env.IMAGE_DJANGO}`,
      '-t',
      image,
      join(root, 'packages/migrator/test/django-fixture'),
    ],
    { env: localCli, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const credentials = registryCredentials({
    registry: env.REGISTRY_HOST,
    username: env.REGISTRY_USER,
    password: env.REGISTRY_PASSWORD,
  });
  await new Promise((resolve, reject) =>
    docker
      .getImage(image)
      .push({ authconfig: engineAuthConfig(credentials) })
      .then((stream) =>
        docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve())),
      )
      .catch(reject),
  );
  psql(`CREATE DATABASE ${database}`);
  // The stack is deployed, as when the pipeline migrates: a service on its network, so the node
  // already has the overlay network (a job on an otherwise empty network pays for setting it up).
  const labels = { 'com.docker.stack.namespace': stack };
  await docker.createNetwork({
    Name: `${stack}_default`,
    Driver: 'overlay',
    Attachable: true,
    Labels: labels,
  });
  await docker.createService({
    Name: `${stack}_app`,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: { Image: env.IMAGE_BUSYBOX, Args: ['sleep', '3600'], Labels: labels },
      Networks: [{ Target: `${stack}_default` }],
    },
    Mode: { Replicated: { Replicas: 1 } },
    EndpointSpec: { Mode: 'dnsrr' },
  });

  const connectStarted = performance.now();
  remote = await connect({
    target: `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`,
    privateKeyPath: env.SSH_KEY_PATH,
    hostKey: { knownHostsFile: env.SSH_KNOWN_HOSTS_PATH },
  });
  await remote.docker.ping();
  const connectMs = performance.now() - connectStarted;
  const first = await migrate({ remote, image, stack, envFile: jobEnvFile, credentials });
  if (!first.applied.length) throw new Error('the first migrate applied nothing');

  const guide = () => {
    const started = performance.now();
    const result = spawnSync(
      'docker',
      [
        'run',
        '--rm',
        '--network',
        'host',
        '--env-file',
        cliEnvFile,
        image,
        'python',
        'manage.py',
        'migrate',
      ],
      { env: sshCli, encoding: 'utf8' },
    );
    if (result.status !== 0 || !result.stdout.includes('No migrations to apply.'))
      throw new Error(`docker run failed: ${result.stderr}`);
    return performance.now() - started;
  };
  const phases = [];
  const ours = (extra) => async () => {
    const marks = {};
    const started = performance.now();
    const startedAt = Date.now();
    const result = await migrate({
      remote,
      image,
      stack,
      envFile: jobEnvFile,
      credentials,
      ...extra,
      onEvent: (e) => {
        if (e.type === 'one_off_created') marks.created = Date.now();
        if (e.type === 'task_state') {
          marks[e.state] = Date.parse(e.at);
          marks[`seen ${e.state}`] = Date.now();
        }
        if (e.type === 'one_off_finished') marks.finished = Date.now();
        if (e.type === 'one_off_removed') marks.removed = Date.now();
      },
    });
    if (result.applied.length || !result.stdout.includes('No migrations to apply.'))
      throw new Error('not a no-op');
    const ms = performance.now() - started;
    if (!extra.mode) phases.push({ startedAt, ...marks, end: startedAt + ms });
    return ms;
  };

  const variants = {
    'guide: docker -H ssh:// run --rm': guide,
    'migrate, job (default)': ours({}),
    "migrate, job (jobKind 'replicated-job')": ours({ jobKind: 'replicated-job' }),
    'migrate, container mode': ours({
      mode: 'container',
      networkMode: 'host',
      envFile: cliEnvFile,
    }),
  };
  const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  await variants['guide: docker -H ssh:// run --rm'](); // warm the page cache for both
  await variants['migrate, job (default)']();
  phases.length = 0;
  for (let i = 0; i < RUNS; i++) {
    // Rotate the order each round so no variant always runs first.
    const names = Object.keys(variants);
    const rotated = [...names.slice(i % names.length), ...names.slice(0, i % names.length)];
    for (const name of rotated) times[name].push(await variants[name]());
  }

  const engine = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
    env: localCli,
    encoding: 'utf8',
  }).trim();
  const base = median(times['guide: docker -H ssh:// run --rm']);
  console.log(
    `\nno-op \`manage.py migrate\`, engine ${engine}, median of ${RUNS} interleaved runs (SSH session opened once: ${connectMs.toFixed(0)} ms, not counted)\n`,
  );
  console.log('| variant | median | min | max | ratio to docker run | target |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const [name, xs] of Object.entries(times)) {
    const ratio = median(xs) / base;
    const target =
      name === 'migrate, job (default)' ? (ratio <= 1.5 ? '≤ 1.5× ✓' : '≤ 1.5× ✗') : '—';
    console.log(
      `| ${name} | ${fmt(median(xs))} | ${fmt(Math.min(...xs))} | ${fmt(Math.max(...xs))} | ${ratio.toFixed(2)}× | ${target} |`,
    );
  }

  // Where the job's time goes: Swarm's own task timestamps, and when we saw each state.
  const steps = [
    ['lock + create service', 'startedAt', 'created'],
    ['created → assigned (scheduler)', 'created', 'assigned'],
    ['assigned → starting (image check, container create)', 'assigned', 'starting'],
    ['starting → running', 'starting', 'running'],
    ['running → complete (Django)', 'running', 'complete'],
    ['complete → seen by our poll', 'complete', 'seen complete'],
    ['seen → finished (log read)', 'seen complete', 'finished'],
    ['finished → removed + lock released', 'finished', 'end'],
  ];
  console.log(
    '\njob (default) phases, median over the measured runs (Swarm timestamps; same clock, one machine):\n',
  );
  console.log('| phase | median |');
  console.log('| --- | ---: |');
  for (const [label, from, to] of steps) {
    const xs = phases.map((p) => p[to] - p[from]).filter((x) => Number.isFinite(x));
    console.log(`| ${label} | ${xs.length ? fmt(median(xs)) : '   n/a'} |`);
  }
} finally {
  await remote?.close();
  try {
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } catch {}
  for (const service of await docker.listServices({
    filters: JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }),
  }))
    await docker
      .getService(service.ID)
      .remove()
      .catch(() => {});
  for (const network of await docker.listNetworks({
    filters: JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }),
  }))
    await docker
      .getNetwork(network.Id)
      .remove()
      .catch(() => {});
  // Wait for the stack's containers to go before the network can be removed.
  for (let i = 0; i < 60; i++) {
    const filters = JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] });
    if ((await docker.listContainers({ all: true, filters })).length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  for (const network of await docker.listNetworks({
    filters: JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }),
  }))
    await docker
      .getNetwork(network.Id)
      .remove()
      .catch(() => {});
  await docker
    .getImage(image)
    .remove({ force: true })
    .catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
