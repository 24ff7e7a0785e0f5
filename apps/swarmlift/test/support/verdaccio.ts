import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, freePort } from '@swarmlift/testkit';

/** A throw-away npm registry on 127.0.0.1 that one test publishes to. */
export interface ThrowAwayRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** An npmrc (for NPM_CONFIG_USERCONFIG) with the registry and the publisher's token. */
  npmrc: string;
  /** The token and password, for the secret checks (never printed). */
  secrets: string[];
  pid: number;
  /** Verdaccio's own output so far. */
  log(): string;
  /** Stops Verdaccio by its pid and removes its folder. */
  stop(): Promise<void>;
}

const PUBLISHER = 'release-test';

/**
 * `env` without the npm/pnpm settings that the process running the tests
 * inherited from pnpm (`npm_config_*`, `npm_package_*`, …): a child npm
 * then reads only the npmrc files it is given.
 */
export function withoutNpmSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !/^(npm_|pnpm_)/i.test(key)) result[key] = value;
  }
  return result;
}

/**
 * Starts the root's Verdaccio (a dev dependency) with its own config and
 * storage in a temp folder. The project's own package names (`swarmlift`,
 * `@swarmlift/*`) are served only from what is published to it — never
 * proxied — and every other package is proxied to the registry npm is set up
 * with here, so installs from it resolve third-party dependencies. A user
 * is registered (the registry allows exactly one); its token goes into an
 * npmrc file, never into argv or output.
 */
export async function startThrowAwayRegistry(): Promise<ThrowAwayRegistry> {
  const root = findRepoRoot();
  const dir = await mkdtemp(join(tmpdir(), 'sltest-verdaccio-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const upstream = execFileSync('npm', ['config', 'get', 'registry'], {
    encoding: 'utf8',
    cwd: dir,
    env: withoutNpmSettings(process.env),
  }).trim();
  const config = [
    `storage: ${join(dir, 'storage')}`,
    'auth:',
    '  htpasswd:',
    `    file: ${join(dir, 'htpasswd')}`,
    '    max_users: 1',
    'uplinks:',
    '  upstream:',
    `    url: ${upstream}`,
    '    timeout: 60s',
    // npm asks for ~100 packuments at once; by default two failed upstream
    // requests mark the uplink down for minutes, and every later one is a 404.
    '    max_fails: 100',
    '    fail_timeout: 1s',
    'packages:',
    "  'swarmlift':",
    '    access: $all',
    '    publish: $authenticated',
    "  '@swarmlift/*':",
    '    access: $all',
    '    publish: $authenticated',
    "  '**':",
    '    access: $all',
    '    proxy: upstream',
    'max_body_size: 50mb',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
  await writeFile(join(dir, 'config.yaml'), config);

  let output = '';
  const child: ChildProcess = spawn(
    join(root, 'node_modules', '.bin', 'verdaccio'),
    ['--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`verdaccio exited:\n${output}`);
      const ok = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`verdaccio did not answer in 30 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await expectUplinkWorks(url, upstream, () => output);
    const password = `pw-${randomBytes(18).toString('base64url')}`;
    const response = await fetch(`${url}-/user/org.couchdb.user:${PUBLISHER}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: PUBLISHER, password }),
    });
    const body = (await response.json()) as { token?: string };
    if (!response.ok || !body.token)
      throw new Error(`registering the publisher failed: HTTP ${response.status}`);
    const npmrc = join(dir, 'npmrc');
    const hostPath = url.replace(/^http:/, '');
    await writeFile(npmrc, `registry=${url}\n${hostPath}:_authToken=${body.token}\n`, {
      mode: 0o600,
    });
    return {
      url,
      npmrc,
      secrets: [body.token, password],
      pid: child.pid ?? -1,
      log: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Fails at once, with Verdaccio's log, when the registry cannot proxy a
 * third-party package: otherwise the consumer install fails later with a
 * bare 404 per package. (Seen in CI: turbo passes tasks only the variables
 * turbo.json names, and without NODE_EXTRA_CA_CERTS Verdaccio's uplink could
 * not verify the registry's certificate on a machine that needs it.)
 */
async function expectUplinkWorks(url: string, upstream: string, log: () => string) {
  const response = await fetch(`${url}zod`, { signal: AbortSignal.timeout(60_000) }).catch(
    (error: unknown) => ({ ok: false, status: String(error) }),
  );
  if (response.ok) return;
  throw new Error(
    `the throw-away registry cannot proxy third-party packages from ${upstream} (GET /zod: ${response.status}). ` +
      'Check that the variables this machine needs to reach it (NODE_EXTRA_CA_CERTS, HTTPS_PROXY, …) reach the test ' +
      `(turbo.json globalPassThroughEnv). Verdaccio's log:\n${log()}`,
  );
}
