// Benchmark of @swarmlift/image-builder against the docker CLI, measured in the same run.
// Run `pnpm --filter @swarmlift/image-builder build` first (and core's and remote's dist); needs the
// test environment (bash scripts/testenv/up.sh) for the engine socket, the busybox base image and the registry.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadPackage, loadTestEnv, root } from '../lib/bench-setup.mjs';

const { api } = await loadPackage('image-builder');
const { buildAndPush, buildImage, packContext } = api;
// The same copies image-builder resolves (its workspace links), so one `remote` and one kind of credentials.
const { connect } = await import(join(root, 'packages', 'remote', 'dist', 'index.js'));
const { registryCredentials } = await import(join(root, 'packages', 'core', 'dist', 'index.js'));
const env = loadTestEnv();
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag === -1 ? 5 : Number(process.argv[runsFlag + 1]);
const remote = await connect({ target: `unix://${env.DOCKER_SOCKET}` });
const cliEnv = { ...process.env, DOCKER_HOST: `unix://${env.DOCKER_SOCKET}`, DOCKER_BUILDKIT: '0' };
const suffix = Math.random().toString(16).slice(2, 8);
const localTag = `sltest-bench-${suffix}`;

// A context shaped like a Django project checkout: app code, static files, and the heavy
// things .dockerignore keeps out (.git, node_modules, __pycache__, local env files).
const context = mkdtempSync(join(tmpdir(), 'ib-bench-'));
const write = (path, content) => {
  mkdirSync(dirname(join(context, path)), { recursive: true });
  writeFileSync(join(context, path), content);
};
const blob = (n, seed) => Buffer.alloc(n, seed);
for (let i = 0; i < 300; i++)
  write(`app/module_${i}/views.py`, `# view ${i}\n${'x = 1\n'.repeat(200)}`);
for (let i = 0; i < 100; i++) write(`app/static/img/${i}.png`, blob(20_000, i));
for (let i = 0; i < 2000; i++) write(`node_modules/pkg_${i % 100}/file_${i}.js`, blob(5_000, i));
for (let i = 0; i < 300; i++) write(`.git/objects/${i}`, blob(30_000, i));
for (let i = 0; i < 300; i++) write(`app/module_${i}/__pycache__/views.pyc`, blob(3_000, i));
write('prod.env', 'SECRET_KEY=not-for-the-image\n');
write('.dockerignore', '.git\nnode_modules\n**/__pycache__\n*.env\n');
write(
  'Dockerfile',
  `FROM ${env.IMAGE_BUSYBOX}\nWORKDIR /app\nCOPY app/ /app/\nRUN find /app -name '*.py' | wc -l > /count\nCOPY . /src\nCMD ["cat", "/count"]\n`,
);

const labels = {
  'org.opencontainers.image.revision': 'c0ffee0123456789abcdef0123456789abcdef01',
  'org.opencontainers.image.source': 'https://github.com/swarmlift/bench',
  'org.opencontainers.image.created': '2024-01-01T00:00:00.000Z',
};
const oci = {
  revision: labels['org.opencontainers.image.revision'],
  source: labels['org.opencontainers.image.source'],
  created: labels['org.opencontainers.image.created'],
};

const cli = (args, input) => {
  const started = performance.now();
  const result = spawnSync('docker', args, { env: cliEnv, input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr}`);
  return { ms: performance.now() - started, stdout: result.stdout, stderr: result.stderr };
};
const labelArgs = Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
const cliBuild = (tag, noCache) =>
  cli(['build', ...(noCache ? ['--no-cache'] : []), '-q', ...labelArgs, '-t', tag, context]).ms;
const ourBuild = async (tag, noCache) => {
  const started = performance.now();
  await buildImage({ remote, context, tags: [tag], oci, ...(noCache ? { noCache: true } : {}) });
  return performance.now() - started;
};
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const removeImage = (ref) => spawnSync('docker', ['rmi', '-f', ref], { env: cliEnv });

/** Alternates CLI and library runs so neither profits from running second. */
async function compare(label, runCli, runOurs) {
  const cliTimes = [];
  const ourTimes = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      cliTimes.push(await runCli());
      ourTimes.push(await runOurs());
    } else {
      ourTimes.push(await runOurs());
      cliTimes.push(await runCli());
    }
  }
  return { label, cli: median(cliTimes), ours: median(ourTimes) };
}

const rows = [];
const registryRepo = `${env.REGISTRY_HOST}/swarmlift-test/${localTag}`;
const dockerConfig = mkdtempSync(join(tmpdir(), 'ib-bench-dockercfg-'));
try {
  // Warm the file system cache once so the first measured run is not a disk read.
  await packContext({ context }).then(({ stream }) => stream.resume());
  cliBuild(`${localTag}:warm`, false);

  rows.push(
    await compare(
      'cold build (--no-cache)',
      () => cliBuild(`${localTag}:cli`, true),
      () => ourBuild(`${localTag}:ours`, true),
    ),
  );
  rows.push(
    await compare(
      'no-change rebuild (cache hit)',
      () => cliBuild(`${localTag}:cli`, false),
      () => ourBuild(`${localTag}:ours`, false),
    ),
  );

  // Re-run for a tag the registry already has: what the guide does again (compose build + push
  // through the CLI, everything cached and every layer already there) vs buildAndPush's skip.
  const credentials = registryCredentials({
    registry: env.REGISTRY_HOST,
    username: env.REGISTRY_USER,
    password: env.REGISTRY_PASSWORD,
  });
  const pushOptions = {
    remote,
    context,
    registry: env.REGISTRY_HOST,
    imageName: 'swarmlift-test',
    component: localTag,
    sha: oci.revision,
    credentials,
  };
  const first = await buildAndPush(pushOptions);
  execFileSync(
    'docker',
    [
      '--config',
      dockerConfig,
      'login',
      '-u',
      env.REGISTRY_USER,
      '--password-stdin',
      env.REGISTRY_HOST,
    ],
    {
      env: cliEnv,
      input: env.REGISTRY_PASSWORD,
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  const cliRef = `${registryRepo}:cli`;
  cli(['build', '-q', ...labelArgs, '-t', cliRef, context]);
  cli(['--config', dockerConfig, 'push', cliRef]);
  rows.push(
    await compare(
      're-run for an already pushed tag',
      () => cliBuild(cliRef, false) + cli(['--config', dockerConfig, 'push', cliRef]).ms,
      async () => {
        const started = performance.now();
        const again = await buildAndPush(pushOptions);
        if (!again.skipped) throw new Error('expected the re-run to skip');
        return performance.now() - started;
      },
    ),
  );
  removeImage(cliRef);
  removeImage(first.image);

  // Context upload size: what the CLI says it sends, and what packContext sends with and without .dockerignore.
  const sending = cli(['build', ...labelArgs, '-t', `${localTag}:cli`, context]).stdout.match(
    /Sending build context to Docker daemon\s+(\S+)/,
  )?.[1];
  const size = async (dockerignore) => {
    const packed = await packContext({ context, dockerignore });
    packed.stream.resume();
    return packed.done;
  };
  const withIgnore = await size(true);
  const withoutIgnore = await size(false);

  const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
  console.log(
    `\n@swarmlift/image-builder vs docker CLI ${cli(['version', '--format', '{{.Client.Version}} (engine {{.Server.Version}}, legacy builder)']).stdout.trim()}, median of ${RUNS} runs\n`,
  );
  console.log(
    '| measurement | docker CLI | buildImage / buildAndPush | ratio (ours / CLI) | target |',
  );
  console.log('| --- | ---: | ---: | ---: | --- |');
  const targets = {
    'no-change rebuild (cache hit)': (r) => (r.ours / r.cli <= 1.1 ? '≤ 1.1× ✓' : '≤ 1.1× ✗'),
    're-run for an already pushed tag': (r) => (r.ours < 1000 ? '< 1 s ✓' : '< 1 s ✗'),
  };
  for (const row of rows) {
    console.log(
      `| ${row.label} | ${fmt(row.cli)} | ${fmt(row.ours)} | ${(row.ours / row.cli).toFixed(2)}× | ${targets[row.label]?.(row) ?? '—'} |`,
    );
  }
  const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
  console.log(
    `\ncontext upload: ${mb(withIgnore.bytes)} (${withIgnore.files} entries) with .dockerignore, ${mb(withoutIgnore.bytes)} (${withoutIgnore.files} entries) without: ${(withoutIgnore.bytes / withIgnore.bytes).toFixed(1)}× smaller; the CLI reports sending ${sending ?? '?'}`,
  );
} finally {
  for (const tag of ['warm', 'cli', 'ours']) removeImage(`${localTag}:${tag}`);
  rmSync(context, { recursive: true, force: true });
  rmSync(dockerConfig, { recursive: true, force: true });
  await remote.close();
}
