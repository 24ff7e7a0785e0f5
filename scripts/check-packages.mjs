// Checks every built, publishable workspace package the way npm users meet it:
// publint on the package and @arethetypeswrong/cli on its packed tarball; then each tarball's
// contents (no test files, no source maps of tests, no fixtures, no workspace:
// ranges; README, LICENSE and package.json there) and a table of their sizes;
// then an install of the tarballs into an empty project, where each package
// must import and each bin must answer --help. Run after `pnpm build`.
import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { publishablePackages } from './lib/publishable-packages.mjs';
import { sizeTable, tarballProblems } from './lib/tarball-contents.mjs';

const execFileAsync = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
let failures = 0;

/** Two checks at a time: the machines this runs on have two cores. */
const POOL_SIZE = Math.min(2, availableParallelism());

function report(label, error) {
  if (!error) {
    console.log(`✓ ${label}`);
    return;
  }
  failures++;
  console.error(
    `✗ ${label}\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout || error.stderr ? '' : error.message}`,
  );
}

function check(label, run) {
  try {
    run();
    report(label);
  } catch (error) {
    report(label, error);
  }
}

/** Runs one command-line check; resolves with its label and the error, if it failed. */
async function runCheck({ label, file, args, cwd }) {
  try {
    await execFileAsync(file, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { label };
  } catch (error) {
    return { label, error };
  }
}

/** `work(item)` for every item, at most `size` at once; results in the items' order. */
async function inPool(items, size, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, size) }, worker));
  return results;
}

const packages = publishablePackages(root);
for (const { folder, manifest } of packages) {
  if (existsSync(join(folder, 'dist'))) continue;
  failures++;
  console.error(`✗ ${manifest.name}: no dist/ — run \`pnpm build\` first`);
}

if (failures === 0 && packages.length > 0) {
  const scratch = mkdtempSync(join(tmpdir(), 'swarmlift-pack-'));
  try {
    const tarballs = packages.map(({ folder }) => {
      // pnpm pack replaces workspace: ranges with real versions, as publishing does.
      const out = execFileSync('pnpm', ['pack', '--pack-destination', scratch], {
        cwd: folder,
        encoding: 'utf8',
      });
      return out.trim().split('\n').at(-1);
    });
    // publint on each folder and attw on each packed tarball (what npm users get),
    // two at a time; results are printed in package order.
    const linted = await inPool(
      packages.flatMap(({ folder, manifest }, index) => [
        {
          label: `${manifest.name}: publint`,
          file: bin('publint'),
          args: ['--strict'],
          cwd: folder,
        },
        {
          label: `${manifest.name}: attw`,
          file: bin('attw'),
          // ESM-only packages: CommonJS consumers use import(), which the esm-only profile expects.
          args: [tarballs[index], '--profile', 'esm-only', '--format', 'ascii'],
          cwd: folder,
        },
      ]),
      POOL_SIZE,
      runCheck,
    );
    for (const { label, error } of linted) report(label, error);
    const sizes = [];
    for (const [index, tarball] of tarballs.entries()) {
      const { manifest } = packages[index];
      const contents = unpack(tarball, join(scratch, 'unpacked', String(index)));
      sizes.push({
        name: manifest.name,
        files: contents.entries.length,
        packed: statSync(tarball).size,
        unpacked: contents.entries.reduce((sum, entry) => sum + entry.size, 0),
      });
      check(`${manifest.name}: tarball contents`, () => {
        const problems = tarballProblems(contents);
        if (problems.length > 0) throw new Error(problems.map((line) => `  ${line}`).join('\n'));
      });
    }
    console.log(`\n${sizeTable(sizes)}\n`);
    const project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    // --ignore-scripts: the packages have no install scripts of their own, and a
    // dependency's optional native build (ssh2's cpu-features) is not what is checked.
    check('packed tarballs install into an empty project', () =>
      execFileSync(
        'npm',
        ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...tarballs],
        { cwd: project, stdio: 'pipe', env: consumerEnv() },
      ),
    );
    for (const { manifest } of packages) {
      check(`${manifest.name}: imports from its tarball`, () =>
        execFileSync(
          'node',
          [
            '--input-type=module',
            '-e',
            `const m = await import(${JSON.stringify(manifest.name)}); if (!Object.keys(m).length) throw new Error('no exports');`,
          ],
          { cwd: project, stdio: 'pipe' },
        ),
      );
      for (const name of Object.keys(manifest.bin ?? {})) {
        check(`${manifest.name}: bin ${name} --help`, () =>
          execFileSync(join(project, 'node_modules', '.bin', name), ['--help'], {
            cwd: project,
            stdio: 'pipe',
          }),
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Extracts `tarball` into `folder`: its files (paths without `package/`), source maps and manifest. */
function unpack(tarball, folder) {
  mkdirSync(folder, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', folder]);
  const root = join(folder, 'package');
  const entries = [];
  const sourceMaps = {};
  const walk = (dir) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) {
        walk(path);
        continue;
      }
      const inside = relative(root, path);
      entries.push({ path: inside, size: statSync(path).size });
      if (inside.endsWith('.map')) {
        try {
          sourceMaps[inside] = JSON.parse(readFileSync(path, 'utf8'));
        } catch {
          sourceMaps[inside] = { sources: [] };
        }
      }
    }
  };
  walk(root);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return { entries, sourceMaps, manifest };
}

if (failures > 0) {
  console.error(`${failures} package check(s) failed`);
  process.exit(1);
}
console.log(
  `all ${packages.length} publishable package(s) pass publint, attw, the tarball content rules and an install from their tarball`,
);

/**
 * The environment of the consumer install: the tarballs' own dependencies come
 * from the registry npm is set up with, not from one a release points at
 * (`pnpm release` to a throw-away test registry sets npm_config_registry, and
 * that registry holds only what was published to it).
 */
function consumerEnv() {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_config_(registry|userconfig)$/i.test(key)),
  );
}
