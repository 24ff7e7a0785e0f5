import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describeIntegration, findRepoRoot, uniqueName } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PreparedApp, prepareApp } from '../../swarmlift/test/support/app.js';
import { redact } from '../../swarmlift/test/support/cli.js';
import {
  cliEnv,
  createDatabase,
  type E2eTarget,
  e2eTarget,
} from '../../swarmlift/test/support/env.js';
import { expectNoSecrets } from '../../swarmlift/test/support/secrets.js';
import {
  cleanupTarget,
  liveStaticRelease,
  lockConfigOf,
  serviceVersions,
  waitForVersion,
} from '../../swarmlift/test/support/stack.js';

/** The committed bundle action.yml's runs.main names. */
const BUNDLE = join(findRepoRoot(), 'action', 'dist', 'index.mjs');

/** The app's variables: they go to the `env` input, not to inputs of their own. */
const APP_VARIABLES = [
  'SECRET_KEY',
  'DEBUG',
  'DB_NAME',
  'DB_USER',
  'DB_PASSWORD',
  'DB_HOST',
  'DB_PORT',
  'REDIS_URI',
];
/** Settings given as inputs (the rest of cliEnv is the step's `env:`: PATH, HOME, the compose file's variables). */
const INPUT_SETTINGS = [
  'REGISTRY',
  'IMAGE_NAME',
  'STACK_NAME',
  'SWARM_MANAGER_IP',
  'SSH_USER',
  'SSH_PORT',
  'SSH_PRIVATE_KEY',
  'SSH_HOST_KEY',
  'REGISTRY_USERNAME',
  'REGISTRY_PASSWORD',
  'STATIC_TARGET',
  'BUILD_ARGS',
];

/** GitHub's rule for an input's variable: INPUT_ + the name upper-cased, spaces → _ (dashes kept). */
const inputVariable = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
const inputName = (setting: string) => setting.toLowerCase().replace(/_/g, '-');

interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  githubEnv: string;
  /** The env the bundle ran with, for the secret checks. */
  env: Record<string, string>;
}

/** `$GITHUB_OUTPUT`'s two forms: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
function parseGitHubOutput(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block?.[1] && block[2]) {
      const end = lines.indexOf(block[2], i + 1);
      if (end === -1) throw new Error(`GITHUB_OUTPUT: ${block[1]} has no closing delimiter`);
      outputs[block[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/**
 * The lines of the log up to the first that is not an `::add-mask::`, as
 * the masked values, and the index of that first other line.
 */
function leadingMasks(lines: readonly string[]): { masks: Set<string>; firstOther: number } {
  const firstOther = lines.findIndex((line) => !line.startsWith('::add-mask::'));
  const end = firstOther === -1 ? lines.length : firstOther;
  return {
    masks: new Set(lines.slice(0, end).map((line) => line.slice('::add-mask::'.length))),
    firstOther: end,
  };
}

interface StartedAction {
  child: ChildProcess;
  stdout(): string;
  done: Promise<ActionRun>;
}

/** Resolves once `check()` holds; fails after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describeIntegration('the GitHub Action, run as the runner runs it', (env) => {
  let target: E2eTarget;
  let app: PreparedApp;
  let settingsEnv: Record<string, string>;
  let files: string;
  /** A variable of the app that is not a setting and looks secret: masked, and written to the env file. */
  const apiToken = `tok-${randomBytes(18).toString('base64url')}`;

  beforeAll(async () => {
    if (!existsSync(BUNDLE))
      throw new Error(`${BUNDLE} is missing: pnpm --filter @swarmlift/action run build`);
    target = await e2eTarget(env, uniqueName('action'));
    await createDatabase(env, target.database);
    app = await prepareApp('action');
    settingsEnv = await cliEnv(env, target);
    files = await mkdtemp(join(tmpdir(), 'sltest-action-files-'));
  });

  afterAll(async () => {
    try {
      await cleanupTarget(env, target);
    } finally {
      await app?.remove();
      if (files) await rm(files, { recursive: true, force: true });
    }
  }, 180_000);

  /**
   * `node <bundle>` as the runner starts a node action: the workspace as the
   * working directory, the inputs as INPUT_* variables, the runner's files,
   * GITHUB_ACTIONS=true, and the step's `env:` (here: what is not an input).
   */
  const startAction = async (
    name: string,
    overrides: { inputs?: Record<string, string>; settings?: Record<string, string> } = {},
  ): Promise<StartedAction> => {
    const settings = { ...settingsEnv, ...overrides.settings };
    const runEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries(settings))
      if (!APP_VARIABLES.includes(key) && !INPUT_SETTINGS.includes(key)) runEnv[key] = value;
    const envInput = [
      '# the app',
      ...APP_VARIABLES.map((key) => `${key}=${settings[key] ?? ''}`),
      `APP_API_TOKEN=${apiToken}`,
    ].join('\n');
    const inputs: Record<string, string> = {
      env: envInput,
      'working-directory': basename(app.dir),
      migrate: 'after',
      'wait-timeout': '180',
    };
    for (const setting of INPUT_SETTINGS) inputs[inputName(setting)] = settings[setting] ?? '';
    Object.assign(inputs, overrides.inputs);
    for (const [input, value] of Object.entries(inputs)) runEnv[inputVariable(input)] = value;

    const output = join(files, `${name}.output`);
    const summary = join(files, `${name}.summary.md`);
    const githubEnv = join(files, `${name}.env`);
    for (const file of [output, summary, githubEnv]) await writeFile(file, '');
    Object.assign(runEnv, {
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_SHA: await app.sha(),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'acme/django-app',
      GITHUB_RUN_ID: '4242',
      GITHUB_SERVER_URL: 'https://github.invalid',
      GITHUB_WORKSPACE: dirname(app.dir),
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_ENV: githubEnv,
      RUNNER_TEMP: files,
    });

    const child = spawn(process.execPath, [BUNDLE], {
      cwd: dirname(app.dir),
      env: runEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const limit = setTimeout(() => child.kill('SIGKILL'), 280_000);
    const done = (async (): Promise<ActionRun> => {
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      clearTimeout(limit);
      const run: ActionRun = {
        code,
        stdout,
        stderr,
        outputs: parseGitHubOutput(await readFile(output, 'utf8')),
        summary: await readFile(summary, 'utf8'),
        githubEnv: await readFile(githubEnv, 'utf8'),
        env: { ...settings, ...runEnv },
      };
      // When debugging (E2E_LOG_DIR set): each run's log, secrets replaced.
      if (process.env.E2E_LOG_DIR) {
        await mkdir(process.env.E2E_LOG_DIR, { recursive: true });
        await writeFile(
          join(process.env.E2E_LOG_DIR, `action-${name}.log`),
          redact(`${stdout}\n--- stderr ---\n${stderr}\n--- summary ---\n${run.summary}`, {
            ...run.env,
            APP_API_TOKEN: apiToken,
          }),
        );
      }
      return run;
    })();
    return {
      child,
      stdout: () => stdout,
      done,
    };
  };

  const runAction = async (
    name: string,
    overrides: { inputs?: Record<string, string>; settings?: Record<string, string> } = {},
  ): Promise<ActionRun> => (await startAction(name, overrides)).done;

  /** The run's tail for a failure message, every secret replaced. */
  const label = (run: ActionRun) =>
    redact(
      `exit ${run.code}\n--- stdout ---\n${run.stdout.split('\n').slice(-60).join('\n')}\n--- stderr ---\n${run.stderr}`,
      { ...run.env, APP_API_TOKEN: apiToken },
    );

  /** The checks every run passes: masks first and once, no secret after them, in the summary or the files. */
  const expectMasksFirstAndNoSecrets = (run: ActionRun, extraSecrets: string[] = []) => {
    const lines = run.stdout.split('\n');
    const { masks, firstOther } = leadingMasks(lines);
    const later = lines.slice(firstOther);
    expect(firstOther, label(run)).toBeGreaterThan(0);
    for (const name of ['SECRET_KEY', 'DB_PASSWORD', 'REGISTRY_PASSWORD'])
      expect(masks.has(run.env[name] ?? '?'), `${name} is masked before any other line`).toBe(true);
    expect(masks.has(apiToken), 'a secret-looking variable of `env` is masked first').toBe(true);
    for (const line of (run.env.SSH_PRIVATE_KEY ?? '')
      .split('\n')
      .filter((l) => l.length >= 16 && !l.startsWith('-----')))
      expect(masks.has(line), 'each line of the SSH key is masked first').toBe(true);
    const laterMasks = later
      .filter((line) => line.startsWith('::add-mask::'))
      .map((line) => line.slice('::add-mask::'.length));
    expect(
      laterMasks.filter((value) => masks.has(value)),
      "no mask is printed twice (the CLI does not repeat the action's)",
    ).toEqual([]);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('::add-mask::'))).toEqual([]);
    const visible = `${later.join('\n')}\n${run.stderr}\n${run.summary}\n${JSON.stringify(run.outputs)}\n${run.githubEnv}`;
    expectNoSecrets(visible, run.env, [apiToken, ...extraSecrets]);
  };

  let version: string;

  it('deploys the example: outputs, masks first, groups, a summary without secrets', async () => {
    const run = await runAction('deploy');
    expect(run.code, label(run)).toBe(0);
    version = (await app.sha()).slice(0, 7);
    expect(run.outputs, label(run)).toMatchObject({ version, status: 'deployed' });
    expect(run.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.outputs.image).toBe(
      `${env.REGISTRY_HOST}/${target.imageName}/django-app:${version}`,
    );
    expect(Number(run.outputs.duration)).toBeGreaterThan(0);
    expectMasksFirstAndNoSecrets(run);

    expect(run.stdout).toContain('::group::');
    expect(run.stdout.match(/::group::/g)?.length).toBe(run.stdout.match(/::endgroup::/g)?.length);
    expect(run.stdout).not.toMatch(/^::error/m);
    expect(run.summary).toContain(version);
    expect(run.summary).toMatch(/deployed/i);

    expect((await waitForVersion(target, version)).version).toBe(version);
    expect(await liveStaticRelease(target)).toBe(version);
  }, 300_000);

  it('a wrong registry password: exit 2 (the CLI counts refused credentials as invalid settings), an ::error annotation, no secret; nothing changes', async () => {
    const before = await serviceVersions(env, target.name);
    const wrong = `wrong-${randomBytes(12).toString('hex')}`;
    const run = await runAction('wrong-password', { settings: { REGISTRY_PASSWORD: wrong } });
    expect(run.code, label(run)).toBe(2);
    expect(run.stdout, label(run)).toMatch(/^::error title=REGISTRY_AUTH_FAILED::/m);
    expect(run.outputs.status, label(run)).toBe('invalid');
    expect(run.summary).toMatch(/REGISTRY_AUTH_FAILED/);
    expect(run.stdout, 'the input-names hint is only for missing settings').not.toMatch(
      /each setting is an input/,
    );
    expectMasksFirstAndNoSecrets(run, [wrong]);
    expect(await serviceVersions(env, target.name), 'no service changed').toEqual(before);
    expect((await waitForVersion(target, version)).version).toBe(version);
  }, 180_000);

  it('a wrong host key pin: exit 3, an ::error annotation, status unreachable, no secret; nothing changes', async () => {
    const before = await serviceVersions(env, target.name);
    const pin = `SHA256:${randomBytes(32).toString('base64').replace(/=+$/, '')}`;
    const run = await runAction('wrong-host-key', { settings: { SSH_HOST_KEY: pin } });
    expect(run.code, label(run)).toBe(3);
    expect(run.stdout, label(run)).toMatch(/^::error title=[A-Z_]+::/m);
    expect(run.outputs.status, label(run)).toBe('unreachable');
    expect(run.summary).toMatch(/unreachable/i);
    expectMasksFirstAndNoSecrets(run);
    expect(await serviceVersions(env, target.name), 'no service changed').toEqual(before);
  }, 180_000);

  it('a bad line in `env`: exit 2 before anything runs, an annotation naming the line, status invalid, no secret', async () => {
    const settings = settingsEnv;
    const hidden = `hidden-${randomBytes(12).toString('hex')}`;
    const run = await runAction('bad-env', {
      inputs: {
        env: `SECRET_KEY=${settings.SECRET_KEY}\nAPP_API_TOKEN=${apiToken}\nDB_PASSWORD ${hidden}\nDB_PASSWORD=${settings.DB_PASSWORD}`,
      },
    });
    expect(run.code, label(run)).toBe(2);
    expect(run.stdout).toMatch(
      /^::error title=swarmlift%3A invalid input::env: line 3: not `KEY=VALUE`/m,
    );
    expect(run.outputs.status).toBe('invalid');
    expect(run.summary).toMatch(/line 3/);
    expect(run.stdout).not.toContain('::group::');
    expectMasksFirstAndNoSecrets(run, [hidden]);
  }, 60_000);

  it('the runner cancels the job (SIGINT mid-wait): exit 130, status cancelled, the lock released, no secret', async () => {
    const wsgi = 'app/config/wsgi.py';
    const original = await readFile(join(app.dir, wsgi), 'utf8');
    // Workers that take ~20 s to boot: the wait lasts long enough to interrupt.
    await app.commit('slow start', {
      file: wsgi,
      content: `${original}\nimport time  # action e2e: slow start\n\ntime.sleep(20)\n`,
    });
    const started = await startAction('cancelled');
    try {
      await until(() => /^::group::.*\bwait\b/m.test(started.stdout()), 'the wait step');
      expect(await lockConfigOf(env, target.name), 'the deploy holds the lock').toBeDefined();
      started.child.kill('SIGINT');
    } catch (error) {
      started.child.kill('SIGKILL');
      throw error;
    }
    const run = await started.done;
    expect(run.code, label(run)).toBe(130);
    expect(run.outputs.status, label(run)).toBe('cancelled');
    expect(run.stdout).toMatch(/lock[^\n]*released/i);
    expectMasksFirstAndNoSecrets(run);
    expect(await lockConfigOf(env, target.name), 'the lock is released').toBeUndefined();
  }, 300_000);
});
