// What every benchmark needs: the repository root, a built package with its
// dockerode, and the test environment's details from .testenv/env.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * OpenSSH client settings for the baselines that use OpenSSH: `configFile`
 * pins the test key and known_hosts only, and `binDir/ssh` runs /usr/bin/ssh
 * with it — the docker CLI runs `ssh` from PATH, so put `binDir` first there.
 */
export function writeOpenSshClient(env, { configFile, binDir }) {
  mkdirSync(dirname(configFile), { recursive: true });
  writeFileSync(
    configFile,
    [
      `Host ${env.SSH_HOST}`,
      `  Port ${env.SSH_PORT}`,
      `  User ${env.SSH_USER}`,
      `  IdentityFile ${env.SSH_KEY_PATH}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${env.SSH_KNOWN_HOSTS_PATH}`,
      '  StrictHostKeyChecking yes',
      '  BatchMode yes',
      '',
    ].join('\n'),
  );
  mkdirSync(binDir, { recursive: true });
  writeFileSync(join(binDir, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${configFile} "$@"\n`, {
    mode: 0o755,
  });
}
