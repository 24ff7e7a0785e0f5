// Checks every built, publishable workspace package the way npm users meet it:
// publint and @arethetypeswrong/cli on the package, then an install of the packed
// tarballs into an empty project, where each package must import and each bin
// must answer --help. Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishablePackages } from './lib/publishable-packages.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
let failures = 0;

function check(label, run) {
  try {
    run();
    console.log(`✓ ${label}`);
  } catch (error) {
    failures++;
    console.error(
      `✗ ${label}\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout || error.stderr ? '' : error.message}`,
    );
  }
}

const packages = publishablePackages(root);

for (const { folder, manifest } of packages) {
  if (!existsSync(join(folder, 'dist'))) {
    failures++;
    console.error(`✗ ${manifest.name}: no dist/ — run \`pnpm build\` first`);
    continue;
  }
  check(`${manifest.name}: publint`, () =>
    execFileSync(bin('publint'), ['--strict'], { cwd: folder, stdio: 'pipe' }),
  );
  // ESM-only packages: CommonJS consumers use import(), which the esm-only profile expects.
  check(`${manifest.name}: attw`, () =>
    execFileSync(bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'ascii'], {
      cwd: folder,
      stdio: 'pipe',
    }),
  );
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
    const project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    check('packed tarballs install into an empty project', () =>
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], {
        cwd: project,
        stdio: 'pipe',
      }),
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

if (failures > 0) {
  console.error(`${failures} package check(s) failed`);
  process.exit(1);
}
console.log(
  `all ${packages.length} publishable package(s) pass publint, attw and an install from their tarball`,
);
