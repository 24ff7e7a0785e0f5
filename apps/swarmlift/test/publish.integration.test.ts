import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIntegration, findRepoRoot } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redact } from './support/cli.js';
import { expectNoSecrets } from './support/secrets.js';
import {
  startThrowAwayRegistry,
  type ThrowAwayRegistry,
  withoutNpmSettings,
} from './support/verdaccio.js';

const ROOT = findRepoRoot();
const DEPENDENCY_FIELDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
] as const;

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** Every workspace package's manifest (the pnpm-workspace.yaml folders, and bench/). */
function workspaceManifests(): Manifest[] {
  return ['packages', 'apps', 'examples', 'bench'].flatMap((group) => {
    const folder = join(ROOT, group);
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .map((name) => join(folder, name, 'package.json'))
      .filter((path) => existsSync(path))
      .map((path) => JSON.parse(readFileSync(path, 'utf8')) as Manifest);
  });
}

/** What `pnpm publish` writes for a `workspace:` range to a package at `version`. */
function publishedRange(range: string, version: string): string {
  const spec = range.slice('workspace:'.length);
  if (spec === '*') return version;
  if (spec === '^' || spec === '~') return `${spec}${version}`;
  return spec;
}

interface Ran {
  code: number | null;
  output: string;
  durationMs: number;
}

/** Runs a command to its end with `env` (exactly), collecting stdout and stderr together. */
function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  limitMs: number,
): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, durationMs: Date.now() - started });
    });
  });
}

/**
 * `pnpm release` for real, against a throw-away Verdaccio: every publishable
 * package arrives with real version ranges, nothing private is published,
 * and a new project outside the workspace installs the CLI and a library
 * from that registry and runs them.
 */
describeIntegration('pnpm release to a throw-away registry, then an install from it', () => {
  let registry: ThrowAwayRegistry;
  let npmEnv: Record<string, string>;
  let consumer: string | undefined;
  const manifests = workspaceManifests();
  const publishable = manifests.filter((manifest) => !manifest.private);
  const privates = manifests.filter((manifest) => manifest.private);
  const versions = new Map(manifests.map((manifest) => [manifest.name, manifest.version]));

  const tags = async () =>
    (await run('git', ['tag', '--list'], ROOT, { PATH: process.env.PATH ?? '' }, 30_000)).output;
  const label = (ran: Ran) =>
    redact(
      `exit ${ran.code} after ${ran.durationMs} ms\n${ran.output.split('\n').slice(-80).join('\n')}`,
      { TOKEN: registry.secrets[0], PASSWORD: registry.secrets[1] },
    );
  const packument = async (name: string) => {
    const response = await fetch(`${registry.url}${name.replace('/', '%2f')}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    registry = await startThrowAwayRegistry();
    // The runner's environment without any npm/pnpm settings of the process
    // that started vitest; the registry and its token come from the npmrc.
    npmEnv = withoutNpmSettings(process.env);
    npmEnv.npm_config_registry = registry.url;
    npmEnv.NPM_CONFIG_USERCONFIG = registry.npmrc;
  });

  afterAll(async () => {
    await registry?.stop();
    if (consumer) await rm(consumer, { recursive: true, force: true });
  }, 60_000);

  it('pnpm release publishes every publishable package with real version ranges, and nothing private', async () => {
    expect(publishable.map((manifest) => manifest.name)).toEqual(
      expect.arrayContaining(['swarmlift', '@swarmlift/stack-waiter', '@swarmlift/core']),
    );
    const tagsBefore = await tags();
    // --no-git-tag goes to `changeset publish` (pnpm appends it to the script):
    // a test publish must not tag the repository.
    const ran = await run('pnpm', ['release', '--no-git-tag'], ROOT, npmEnv, 900_000);
    expect(ran.code, label(ran)).toBe(0);
    expectNoSecrets(ran.output, {}, registry.secrets);
    expectNoSecrets(registry.log(), {}, registry.secrets);
    const table = /^package\s+files\s+tarball\s+unpacked$[\s\S]*?^total\s.*$/m.exec(ran.output);
    expect(table, 'check-packages printed the size table').not.toBeNull();
    // In CI the build ran before the tests, so turbo restores every package from its cache.
    const turbo = /Cached:\s+\d+ cached, \d+ total/.exec(ran.output)?.[0] ?? 'no turbo summary';
    console.log(
      `[publish] pnpm release took ${(ran.durationMs / 1000).toFixed(1)} s (build: ${turbo})\n${table?.[0]}`,
    );
    expect(await tags(), 'no git tag was created').toBe(tagsBefore);

    for (const manifest of publishable) {
      const { status, body } = await packument(manifest.name);
      expect(status, `${manifest.name} is on the registry`).toBe(200);
      const published = (body.versions as Record<string, Manifest> | undefined)?.[manifest.version];
      expect(published, `${manifest.name}@${manifest.version}`).toBeDefined();
      for (const field of DEPENDENCY_FIELDS) {
        for (const [name, range] of Object.entries(manifest[field] ?? {})) {
          const wanted = range.startsWith('workspace:')
            ? publishedRange(range, versions.get(name) ?? '?')
            : range;
          expect(published?.[field]?.[name], `${manifest.name} ${field}.${name}`).toBe(wanted);
        }
      }
    }
    for (const manifest of privates) {
      const { status } = await packument(manifest.name);
      expect(status, `${manifest.name} is private: not published`).toBe(404);
    }
  }, 900_000);

  it('an empty project outside the workspace installs swarmlift and @swarmlift/stack-waiter from it and runs them', async () => {
    consumer = await mkdtemp(join(tmpdir(), 'sltest-publish-consumer-'));
    expect(consumer.startsWith(ROOT)).toBe(false);
    await writeFile(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    // --ignore-scripts: a dependency's optional native build (ssh2's
    // cpu-features) is not what this checks; swarmlift's packages have none.
    const project = consumer;
    const install = () =>
      run(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--ignore-scripts',
          'swarmlift',
          '@swarmlift/stack-waiter',
        ],
        project,
        npmEnv,
        300_000,
      );
    // Third-party packages come through the throw-away registry's proxy to the
    // upstream one; a proxied request that fails there is a 404 to npm. One more
    // try, so the test judges our packages, not that proxy's hiccup.
    let installed = await install();
    if (installed.code !== 0 && /E404/.test(installed.output)) installed = await install();
    expect(installed.code, label(installed)).toBe(0);
    expectNoSecrets(installed.output, {}, registry.secrets);

    const lock = JSON.parse(await readFile(join(consumer, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; resolved?: string }>;
    };
    for (const name of ['swarmlift', '@swarmlift/stack-waiter', '@swarmlift/core']) {
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry?.version, name).toBe(versions.get(name));
      expect(entry?.resolved, `${name} came from the throw-away registry`).toMatch(
        new RegExp(`^${registry.url.replace(/[.]/g, '\\.')}`),
      );
    }

    // --no: fail rather than fetch anything that is not installed; `--` keeps
    // --help for swarmlift.
    const help = await run('npx', ['--no', '--', 'swarmlift', '--help'], consumer, npmEnv, 60_000);
    expect(help.code, label(help)).toBe(0);
    expect(help.output).toMatch(/swarmlift/);
    expect(help.output).toMatch(/\bdeploy\b/);

    await writeFile(
      join(consumer, 'check.mjs'),
      [
        "import { formatEvent, stackWaiterErrorCodes, StackWaiterError, waitForStack } from '@swarmlift/stack-waiter';",
        "if (typeof waitForStack !== 'function') throw new Error('waitForStack is not a function');",
        "if (typeof formatEvent !== 'function') throw new Error('formatEvent is not a function');",
        "if (!Array.isArray(stackWaiterErrorCodes) || stackWaiterErrorCodes.length === 0) throw new Error('no error codes');",
        "const error = new StackWaiterError({ code: stackWaiterErrorCodes[0], message: 'm', hint: 'h' });",
        "if (!StackWaiterError.isInstance(error) || error.code !== stackWaiterErrorCodes[0]) throw new Error('StackWaiterError');",
        "console.log('stack-waiter ok:', stackWaiterErrorCodes.length, 'codes');",
        '',
      ].join('\n'),
    );
    const imported = await run('node', ['check.mjs'], consumer, npmEnv, 60_000);
    expect(imported.code, label(imported)).toBe(0);
    expect(imported.output).toMatch(/^stack-waiter ok: \d+ codes$/m);
  }, 420_000);
});
