// What every benchmark needs: the repository root, a built package with its
// dockerode, and the test environment's details from .testenv/env.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built package (run `pnpm --filter @swarmlift/NAME build` first) and the dockerode it uses. */
export async function loadPackage(name) {
  const dir = join(root, 'packages', name);
  return {
    Docker: createRequire(join(dir, 'package.json'))('dockerode'),
    api: await import(join(dir, 'dist', 'index.js')),
  };
}

/** The KEY=VALUE lines written by scripts/testenv/up.sh. */
export function loadTestEnv() {
  return Object.fromEntries(
    readFileSync(join(root, '.testenv', 'env'), 'utf8')
      .split('\n')
      .map((line) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
}
