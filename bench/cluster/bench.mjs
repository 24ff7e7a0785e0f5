// Deploy of examples/django-app to a cluster of 1, 2 and 4 nodes (issue 17): wall time of
// `swarmlift deploy` and of the guide's deploy job as a shell script (bench/pipeline's
// guide-deploy.sh), same run, alternating, several rounds; how each grows with the nodes.
// Target: swarmlift's time grows by less than 20 % from 1 to 4 nodes.
//
//   flock /work/coord/integration.lock node bench/cluster/bench.mjs --rounds 5
//
// Needs the single-node test env (bash scripts/testenv/up.sh: registry, Postgres, the deploy
// user and key) and `pnpm --filter swarmlift run build`. It brings its own cluster instance up and
// down for each size (scripts/testenv/cluster.sh --name bench …), never the default cluster.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';

const usage = `node bench/cluster/bench.mjs [options]   (take the integration flock: it deploys)

  --rounds N           new versions deployed by each side per cluster size (default 3)
  --nodes LIST         cluster sizes, comma separated (default 1,2,4)
  --mode MODE          how django is spread: global (default: one task per node) or
                       replicated (replicas = nodes)
  --parallelism N      django's update_config.parallelism (default: the example's 1;
                       0 = every task at once)
  --name NAME          the cluster.sh instance (default bench)
  --deploy-timeout S   limit per deploy (default 600)
  --guide-only         the guide's side only
  --cli PATH           another build of the CLI (default apps/swarmlift/dist/cli.js)
  --help               this text
`;

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(usage);
  process.exit(0);
}
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const number = (name, fallback) => (option(name) === undefined ? fallback : Number(option(name)));
const rounds = number('--rounds', 3);
const sizes = (option('--nodes') ?? '1,2,4').split(',').map(Number);
const mode = option('--mode') ?? 'global';
const parallelism = option('--parallelism') === undefined ? undefined : number('--parallelism');
const name = option('--name') ?? 'bench';
const bad = [
  !(Number.isInteger(rounds) && rounds >= 1) && `--rounds ${option('--rounds')}`,
  !sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 9) && `--nodes ${option('--nodes')}`,
  !['global', 'replicated'].includes(mode) && `--mode ${mode}`,
  parallelism !== undefined &&
    !(Number.isInteger(parallelism) && parallelism >= 0) &&
    `--parallelism ${option('--parallelism')}`,
  !/^[a-z][a-z0-9]{0,5}$/.test(name) && `--name ${name} (1–6 lowercase letters or digits)`,
].filter(Boolean);
if (bad.length) {
  console.error(`invalid: ${bad.join(', ')}\n\n${usage}`);
  process.exit(2);
}

// Loaded after the options, so --help needs neither the test environment nor a work folder.
const { cleanUp, defaultCli, logFile, removeLeftovers, root, state, warmBuildCache } = await import(
  '../pipeline/harness.mjs'
);
const { appendFileSync, readFileSync } = await import('node:fs');
const { clusterDown, clusterUp } = await import('./cluster-instance.mjs');
const { clusterFigures } = await import('./rounds.mjs');
const { printFigures } = await import('./report.mjs');
state.timeoutMs = number('--deploy-timeout', 600) * 1000;

const cli = option('--cli') ?? defaultCli;
const haveCli = existsSync(cli) && !argv.includes('--guide-only');
const sides = haveCli ? ['guide', 'swarmlift'] : ['guide'];
const log = (text) => appendFileSync(logFile, `\n${text}`);

const results = [];
let failure;
let clusterIsUp = false;
try {
  await removeLeftovers();
  if (!haveCli)
    console.log(
      `swarmlift side skipped: ${existsSync(cli) ? '--guide-only given' : `${relative(root, cli)} does not exist (pnpm --filter swarmlift run build)`}`,
    );
  warmBuildCache();
  for (const nodes of sizes) {
    if (state.interrupted) break;
    clusterIsUp = true;
    const cluster = clusterUp(name, nodes, log);
    console.log(
      `\ncluster ${name}: ${nodes} node(s) (${cluster.hostnames.join(' ')}), engine ${cluster.engine}, up in ${(cluster.upMs / 1000).toFixed(1)} s`,
    );
    const targets = [];
    try {
      const figures = await clusterFigures(cluster, {
        sides,
        rounds,
        cli,
        mode,
        parallelism,
        targets,
      });
      results.push({ nodes, engine: cluster.engine, ...figures });
    } finally {
      for (const target of targets) await cleanUp(target);
      clusterDown(name, log);
      clusterIsUp = false;
    }
  }
} catch (error) {
  failure = error;
} finally {
  for (const target of state.live) await cleanUp(target);
  if (clusterIsUp)
    try {
      clusterDown(name, log);
    } catch (error) {
      console.error(`cluster ${name} not brought down: ${error.message}`);
    }
}

const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(
  `\nexamples/django-app on cluster.sh --name ${name}, django ${mode}${parallelism === undefined ? '' : `, update parallelism ${parallelism}`}, Node ${process.version}, load average now ${load}`,
);
if (results.length) printFigures(results, { sides, rounds });
if (state.leaks.length) console.log(`\nsecret values in the output:\n${state.leaks.join('\n')}`);
console.log(`\ncommand logs (secrets redacted): ${logFile}`);
if (failure) {
  console.error(`\nbenchmark failed: ${failure.stack ?? failure}`);
  process.exitCode = 1;
}
if (state.interrupted) process.exitCode = 130;
