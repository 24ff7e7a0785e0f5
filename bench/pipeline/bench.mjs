// Benchmark of the whole pipeline on examples/django-app, the guide's way against swarmlift's,
// same machine, same run, interleaved:
// - deploy (issue 14): the guide's deploy job (guide-deploy.sh) against `swarmlift deploy`: first
//   deploy, no-change redeploy, one-line code change;
// - help (issue 14): `swarmlift --help` start-up against a bare `node -e 0`;
// - rollback (issue 15): `swarmlift rollback` to the previous version against re-running the old
//   commit's whole workflow, until `/` serves the old version;
// - status (issue 15): `swarmlift status` and `swarmlift history` wall time over SSH.
//
//   flock /work/coord/integration.lock node bench/pipeline/bench.mjs --runs 3
//   flock /work/coord/integration.lock node bench/pipeline/bench.mjs --only rollback,status
//
// Needs the test environment (bash scripts/testenv/up.sh) and, for the swarmlift side,
// `pnpm --filter swarmlift run build` (without apps/swarmlift/dist/cli.js only the guide runs).
import { existsSync } from 'node:fs';
import { relative } from 'node:path';

const FIGURES = ['deploy', 'help', 'rollback', 'status'];
const usage = `node bench/pipeline/bench.mjs [options]   (take the integration flock: it deploys)

  --only LIST          figures to run, comma separated (default: all):
                         deploy    first deploy, no-change redeploy, one-line change (issue 14)
                         help      swarmlift --help start-up against node -e 0 (issue 14)
                         rollback  swarmlift rollback against re-running v1's workflow (issue 15)
                         status    swarmlift status and history wall time over SSH (issue 15)
                       only the new figures: --only rollback,status
  --runs N             runs of the deploy figures, rounds of the rollback figures (default 3)
  --status-runs N      runs of status and of history per round (default 7)
  --startup-runs N     runs of the --help start-up (default 40)
  --deploy-timeout S   limit per deploy (default 600)
  --guide-only         the guide's side only (no swarmlift)
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
const RUNS = number('--runs', 3);
const STATUS_RUNS = number('--status-runs', 7);
const STARTUP_RUNS = number('--startup-runs', 40);
const figures = (option('--only') ?? FIGURES.join(',')).split(',').filter(Boolean);
const unknown = figures.filter((f) => !FIGURES.includes(f));
if (unknown.length) {
  console.error(
    `unknown figure(s) ${unknown.join(', ')}; choose from ${FIGURES.join(', ')}\n\n${usage}`,
  );
  process.exit(2);
}
// Loaded after the options, so --help needs neither the test environment nor a work folder.
const { deployFigures, printDeployFigures, startupFigure } = await import('./deploy-figures.mjs');
const { cleanUp, defaultCli, logFile, machineLine, removeLeftovers, root, state, warmBuildCache } =
  await import('./harness.mjs');
const { printRollbackFigures, rollbackFigures } = await import('./rollback-figures.mjs');
state.timeoutMs = number('--deploy-timeout', 600) * 1000;

// --cli PATH: another build of the CLI (e.g. a stand-in, to try the harness).
const cli = option('--cli') ?? defaultCli;
const haveCli = existsSync(cli) && !argv.includes('--guide-only');
const sides = haveCli ? ['guide', 'swarmlift'] : ['guide'];

let failure;
let deployResult;
let rollbackResult;
try {
  await removeLeftovers();
  if (!haveCli)
    console.log(
      `swarmlift side skipped: ${existsSync(cli) ? '--guide-only given' : `${relative(root, cli)} does not exist (pnpm --filter swarmlift run build)`}`,
    );
  warmBuildCache();
  if (figures.includes('deploy')) deployResult = await deployFigures({ runs: RUNS, sides, cli });
  if (!state.interrupted && (figures.includes('rollback') || figures.includes('status')))
    rollbackResult = await rollbackFigures({
      runs: RUNS,
      sides,
      cli,
      statusRuns: STATUS_RUNS,
      figures,
    });
} catch (error) {
  failure = error;
} finally {
  for (const target of state.live) await cleanUp(target);
}

if (figures.includes('help') && haveCli && !state.interrupted)
  startupFigure({ cli, runs: STARTUP_RUNS });
console.log(`\n${machineLine()}`);
if (deployResult) printDeployFigures(deployResult);
if (rollbackResult) printRollbackFigures(rollbackResult, { statusRuns: STATUS_RUNS, figures });
if (state.leaks.length) console.log(`\nsecret values in the output:\n${state.leaks.join('\n')}`);
console.log(`\ncommand logs (secrets redacted): ${logFile}`);
if (failure) {
  console.error(`\nbenchmark failed: ${failure.stack ?? failure}`);
  process.exitCode = 1;
}
if (state.interrupted) process.exitCode = 130;
