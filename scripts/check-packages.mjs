// Runs publint and @arethetypeswrong/cli on every built, publishable workspace
// package, the checks npm users would otherwise find out about after a release.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const folders = ['packages', 'apps'].flatMap((group) =>
  existsSync(join(root, group))
    ? readdirSync(join(root, group)).map((name) => join(root, group, name))
    : [],
);

let failures = 0;
for (const folder of folders) {
  const manifestPath = join(folder, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private) continue;
  if (!existsSync(join(folder, 'dist'))) {
    console.error(`✗ ${manifest.name}: no dist/ — run \`pnpm build\` first`);
    failures++;
    continue;
  }
  for (const [label, command, args] of [
    ['publint', 'publint', ['--strict']],
    // ESM-only packages: CommonJS consumers use import(), which attw's esm-only profile expects.
    ['attw', 'attw', ['--pack', '.', '--profile', 'esm-only', '--format', 'ascii']],
  ]) {
    try {
      execFileSync(join(root, 'node_modules', '.bin', command), args, {
        cwd: folder,
        stdio: 'pipe',
      });
      console.log(`✓ ${manifest.name}: ${label}`);
    } catch (error) {
      failures++;
      console.error(
        `✗ ${manifest.name}: ${label} failed\n${error.stdout ?? ''}${error.stderr ?? ''}`,
      );
    }
  }
}
if (failures > 0) {
  console.error(`${failures} package check(s) failed`);
  process.exit(1);
}
console.log('all publishable packages pass publint and attw');
