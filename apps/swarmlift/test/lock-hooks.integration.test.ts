import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIntegration, dockerClient, uniqueName } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { type PreparedApp, prepareApp } from './support/app.js';
import {
  type CliResult,
  describeRun,
  jsonLines,
  runCli,
  startCli,
  summaryOf,
} from './support/cli.js';
import { cliEnv, createDatabase, type E2eTarget, e2eTarget } from './support/env.js';
import { expectNoSecrets } from './support/secrets.js';
import { cleanupTarget, lockConfigOf, stackServices, waitForVersion } from './support/stack.js';

const WSGI = 'app/config/wsgi.py';
const CONFIG = 'swarmlift.config.yaml';
const LOCK_LABEL = 'io.swarmlift.lock';

/**
 * Manual locks and deploy hooks, end to end on one stack (tests run in
 * order): a failing pre-deploy hook deploys nothing; a manual lock stops
 * deploy and migrate at once (exit 4, its message), even with --lock-wait;
 * an expired lock of a killed run is taken over with a warning naming it;
 * post-deploy runs after a success; on-failure runs once after a crashing
 * version, after the error, which it cannot hide.
 */
describeIntegration('swarmlift lock and hooks, end to end', (env) => {
  let target: E2eTarget;
  let app: PreparedApp;
  let baseEnv: Record<string, string>;
  let hookDir: string;
  let originalWsgi: string;
  /** A secret the hooks get through hooks.env: it must be redacted wherever it shows. */
  const hookToken = `hooktok-${randomBytes(12).toString('hex')}`;
  const marker = randomBytes(4).toString('hex');

  const cli = async (
    args: string[],
    overrides: Record<string, string> = {},
    limitMs?: number,
  ): Promise<CliResult> => {
    const runEnv = { ...baseEnv, GITHUB_SHA: await app.sha(), HOOK_TOKEN: hookToken, ...overrides };
    const result = await runCli(args, { cwd: app.dir, env: runEnv, limitMs });
    expectNoSecrets(result.output, runEnv, [hookToken]);
    return result;
  };
  const label = (result: CliResult) => describeRun(result, baseEnv);
  const writeConfig = (lines: string[]) =>
    writeFile(join(app.dir, CONFIG), `${lines.join('\n')}\n`);
  const lockStepMs = (stdout: string) =>
    jsonLines(stdout).find((line) => line.type === 'step_end' && line.step === 'lock')
      ?.durationMs as number | undefined;

  beforeAll(async () => {
    target = await e2eTarget(env, uniqueName('lockhooks'));
    await createDatabase(env, target.database);
    app = await prepareApp('lockhooks');
    baseEnv = await cliEnv(env, target);
    hookDir = await mkdtemp(join(tmpdir(), 'sltest-lockhooks-'));
    originalWsgi = await readFile(join(app.dir, WSGI), 'utf8');
  });

  afterAll(async () => {
    try {
      await cleanupTarget(env, target);
    } finally {
      await app?.remove();
      if (hookDir) await rm(hookDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('a failing pre-deploy hook stops the deploy before the lock: exit 1, nothing deployed, its output shown redacted, no secret in its environment', async () => {
    const envFile = join(hookDir, 'pre-deploy.env');
    await writeConfig([
      'hooks:',
      `  pre-deploy: 'env > ${envFile}; echo "checking $SWARMLIFT_VERSION of $SWARMLIFT_STACK token=$HOOK_TOKEN"; echo "pre-${marker} refuses" >&2; exit 3'`,
      '  env: [HOOK_TOKEN]',
      '  timeout: 30s',
    ]);
    const result = await cli(['deploy', '--json']);
    expect(result.code, label(result)).toBe(1);
    expect(summaryOf(result.stdout)).toMatchObject({
      status: 'failed',
      exitCode: 1,
      error: { code: 'CLI_HOOK_FAILED' },
    });
    expect(result.output).toContain(`pre-${marker} refuses`);
    expect(result.output).toContain(`checking ${(await app.sha()).slice(0, 7)} of ${target.name}`);
    expect(result.output).toMatch(/pre-deploy hook exited with 3/);
    expect(result.output).not.toContain(hookToken);
    expect(result.output).toContain('token=');
    // No step ran: not built, not locked, nothing on the manager.
    const steps = jsonLines(result.stdout).filter((line) => line.type === 'step_start');
    expect(steps).toEqual([]);
    expect(await stackServices(env, target.name)).toEqual([]);
    expect(await lockConfigOf(env, target.name)).toBeUndefined();

    const hookEnv = Object.fromEntries(
      (await readFile(envFile, 'utf8'))
        .split('\n')
        .filter((line) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(hookEnv).toMatchObject({
      SWARMLIFT_HOOK: 'pre-deploy',
      SWARMLIFT_COMMAND: 'deploy',
      SWARMLIFT_STATUS: 'pending',
      SWARMLIFT_STACK: target.name,
      SWARMLIFT_VERSION: (await app.sha()).slice(0, 7),
      HOOK_TOKEN: hookToken,
    });
    expect(hookEnv.SWARMLIFT_PERFORMER).toMatch(/@/);
    for (const name of [
      'SSH_PRIVATE_KEY',
      'REGISTRY_PASSWORD',
      'DB_PASSWORD',
      'SECRET_KEY',
      'REGISTRY_USERNAME',
      'CI',
      'STACK_NAME',
    ])
      expect(hookEnv, `${name} is not passed to hooks`).not.toHaveProperty(name);
  }, 120_000);

  it('a pre-deploy hook past hooks.timeout is killed (exit 1, CLI_HOOK_TIMED_OUT); Ctrl-C kills a running hook, on-failure then runs with SWARMLIFT_STATUS=cancelled, exit 130', async () => {
    const sleeper = `sleep ${6000 + Math.floor(Math.random() * 999)}`;
    const running = async () => {
      const { readdir } = await import('node:fs/promises');
      const found: string[] = [];
      for (const pid of await readdir('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        if (cmdline.replaceAll('\0', ' ').includes(sleeper)) found.push(pid);
      }
      return found;
    };
    const cancelledFile = join(hookDir, 'cancelled.txt');
    await writeConfig([
      'hooks:',
      `  pre-deploy: 'echo started-${marker}; ${sleeper}'`,
      `  on-failure: 'echo "$SWARMLIFT_STATUS $SWARMLIFT_ERROR_CODE" >> ${cancelledFile}'`,
      '  timeout: 2s',
    ]);
    const timedOut = await cli(['deploy']);
    expect(timedOut.code, label(timedOut)).toBe(1);
    expect(timedOut.output).toContain('CLI_HOOK_TIMED_OUT');
    expect(timedOut.output).toMatch(/past its time limit of 2\.0 s/);
    expect(await running(), 'the hook’s whole process group is gone').toEqual([]);
    expect(await readFile(cancelledFile, 'utf8')).toBe('failed CLI_HOOK_TIMED_OUT\n');

    await writeConfig([
      'hooks:',
      `  pre-deploy: 'echo started-${marker}; ${sleeper}'`,
      `  on-failure: 'echo "$SWARMLIFT_STATUS $SWARMLIFT_ERROR_CODE" >> ${cancelledFile}'`,
    ]);
    const runEnv = { ...baseEnv, GITHUB_SHA: await app.sha(), HOOK_TOKEN: hookToken };
    const run = startCli(['deploy'], { cwd: app.dir, env: runEnv, limitMs: 60_000 });
    // The hook's own line (the command line announced before it also names the marker).
    await run.waitForOutput(new RegExp(`│ started-${marker}`), 20_000);
    await vi.waitFor(async () => expect((await running()).length).toBeGreaterThan(0), {
      timeout: 5_000,
      interval: 100,
    });
    run.child.kill('SIGINT');
    const result = await run.done;
    expectNoSecrets(result.output, runEnv, [hookToken]);
    expect(result.code, label(result)).toBe(130);
    expect(result.durationMs).toBeLessThan(20_000);
    expect(await running(), 'Ctrl-C killed the hook and what it started').toEqual([]);
    expect(await readFile(cancelledFile, 'utf8')).toBe(
      'failed CLI_HOOK_TIMED_OUT\ncancelled CANCELLED\n',
    );
    expect(await stackServices(env, target.name)).toEqual([]);
  }, 120_000);

  it('lock status, acquire (needs -m), a second holder refused with exit 4 naming the first', async () => {
    await writeConfig(['# no hooks']);
    const free = await cli(['lock', 'status', '--json']);
    expect(free.code, label(free)).toBe(0);
    expect(summaryOf(free.stdout)?.data).toEqual({
      stack: target.name,
      action: 'status',
      lock: null,
    });

    const noMessage = await cli(['lock', 'acquire']);
    expect(noMessage.code, label(noMessage)).toBe(2);
    expect(noMessage.output).toContain('-m/--message');
    expect(noMessage.output).toContain('CLI_LOCK_MESSAGE_REQUIRED');

    const acquired = await cli(['lock', 'acquire', '-m', `maintenance ${marker}`, '--json']);
    expect(acquired.code, label(acquired)).toBe(0);
    expect(summaryOf(acquired.stdout)?.data).toMatchObject({
      action: 'acquire',
      lock: { kind: 'manual', message: `maintenance ${marker}`, expiresAt: null },
    });
    const status = await cli(['lock', 'status', '--json']);
    expect(status.code, label(status)).toBe(0);
    const data = summaryOf(status.stdout)?.data as { lock: Record<string, unknown> } | undefined;
    const view = data?.lock ?? {};
    expect(view).toMatchObject({
      lock: `swarmlift-lock.${target.name}.deploy`,
      kind: 'manual',
      message: `maintenance ${marker}`,
      expiresAt: null,
      expired: false,
    });
    expect(String(view.holder)).toMatch(/@/);
    expect(Date.parse(String(view.since))).toBeGreaterThan(Date.now() - 120_000);
    const human = await cli(['lock', 'status']);
    expect(human.stdout, 'the lock is the command’s output, on stdout').toContain('until released');
    expect(human.stdout).toContain(`message: maintenance ${marker}`);

    // The same person again: nothing changes; someone else (a CI run): exit 4 naming the holder.
    const again = await cli(['lock', 'acquire', '-m', 'again']);
    expect(again.code, label(again)).toBe(0);
    const other = await cli(['lock', 'acquire', '-m', 'other work'], {
      GITHUB_SERVER_URL: 'https://github.invalid',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '77',
    });
    expect(other.code, label(other)).toBe(4);
    expect(other.output).toContain(String(view.holder));
    expect(other.output).toContain(`maintenance ${marker}`);
  }, 120_000);

  it('a manual lock makes deploy exit 4 at once with the holder’s message, even with --lock-wait 5s; migrate too', async () => {
    const result = await cli(['deploy', '--lock-wait', '5s', '--json'], {}, 280_000);
    expect(result.code, label(result)).toBe(4);
    expect(result.output).toContain(`maintenance ${marker}`);
    expect(result.output).toMatch(/held by hand by \S+@/);
    const waited = lockStepMs(result.stdout);
    expect(waited, 'the lock step ran').toBeDefined();
    expect(waited as number, '--lock-wait does not wait for a manual lock').toBeLessThan(4_000);
    expect(summaryOf(result.stdout)).toMatchObject({ status: 'lock_held', exitCode: 4 });
    expect(await stackServices(env, target.name)).toEqual([]);

    const migrate = await cli(['migrate'], {}, 120_000);
    expect(migrate.code, label(migrate)).toBe(4);
    expect(migrate.output).toContain(`maintenance ${marker}`);
  }, 300_000);

  it('lock release frees it; a second release says nobody held it; a run’s live lock is not released this way', async () => {
    const released = await cli(['lock', 'release', '--json']);
    expect(released.code, label(released)).toBe(0);
    expect(summaryOf(released.stdout)?.data).toMatchObject({
      action: 'release',
      lock: { kind: 'manual' },
    });
    expect(await lockConfigOf(env, target.name)).toBeUndefined();
    const none = await cli(['lock', 'release']);
    expect(none.code, label(none)).toBe(0);
    expect(none.output).toContain('nobody held the lock');

    await writeRunLock({ owner: `live-run-${marker}`, ttlMs: 600_000 });
    try {
      const refused = await cli(['lock', 'release']);
      expect(refused.code, label(refused)).toBe(4);
      expect(refused.output).toContain('LOCK_NOT_MANUAL');
      expect(refused.output).toContain(`live-run-${marker}`);
      expect(refused.output).toContain('unlock --force');
      expect(await lockConfigOf(env, target.name)).toBeDefined();
    } finally {
      const unlocked = await cli(['unlock', '--force']);
      expect(unlocked.code, label(unlocked)).toBe(0);
    }
  }, 120_000);

  it('an expired lock of a killed run is taken over with a warning naming it; post-deploy runs after the success', async () => {
    const postFile = join(hookDir, 'post-deploy.txt');
    await writeConfig([
      'hooks:',
      `  post-deploy: ['sh', '-c', 'echo "$SWARMLIFT_HOOK $SWARMLIFT_STATUS $SWARMLIFT_VERSION" >> ${postFile}; echo post-${marker} says token=$HOOK_TOKEN']`,
      `  on-failure: 'echo unexpected >> ${join(hookDir, 'unexpected.txt')}'`,
      '  env: [HOOK_TOKEN]',
    ]);
    await writeRunLock({ owner: `killed-run-${marker}`, ttlMs: 1_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const result = await cli(['deploy', '--json'], {}, 280_000);
    expect(result.code, label(result)).toBe(0);
    expect(result.output).toContain('LOCK_TAKEN_OVER');
    expect(result.output).toMatch(
      new RegExp(`[Tt]ook over the (expired )?lock[^\\n]*killed-run-${marker}`),
    );
    const version = (await app.sha()).slice(0, 7);
    await waitForVersion(target, version);
    expect(await readFile(postFile, 'utf8')).toBe(`post-deploy deployed ${version}\n`);
    expect(result.output).toContain(`post-${marker} says token=`);
    expect(result.output).not.toContain(hookToken);
    await expect(readFile(join(hookDir, 'unexpected.txt'), 'utf8')).rejects.toThrow();
    expect(await lockConfigOf(env, target.name), 'the lock is released').toBeUndefined();
  }, 300_000);

  it('on-failure runs once with SWARMLIFT_STATUS=failed after a crashing version; the error stays printed and the exit code 1', async () => {
    const failureFile = join(hookDir, 'on-failure.txt');
    await writeConfig([
      'hooks:',
      `  on-failure: 'echo "$SWARMLIFT_STATUS $SWARMLIFT_ERROR_CODE" >> ${failureFile}; echo failure-hook-${marker}; echo "error [FAKE]: all good" >&2; exit 7'`,
    ]);
    await app.commit('crash at start', {
      file: WSGI,
      content: `${originalWsgi}\nraise RuntimeError("crash-${marker}: cannot import the app")\n`,
    });
    const result = await cli(['deploy', '--json'], {}, 280_000);
    expect(result.code, label(result)).toBe(1);
    expect(summaryOf(result.stdout)).toMatchObject({
      status: 'failed',
      exitCode: 1,
      error: { code: 'CLI_DEPLOY_NOT_CONVERGED' },
    });
    expect((await readFile(failureFile, 'utf8')).split('\n').filter(Boolean)).toEqual([
      'failed CLI_DEPLOY_NOT_CONVERGED',
    ]);
    const errorAt = result.stderr.indexOf('error [CLI_DEPLOY_NOT_CONVERGED]');
    const hookAt = result.stderr.indexOf(`failure-hook-${marker}`);
    expect(errorAt, 'the deploy’s error is printed').toBeGreaterThanOrEqual(0);
    expect(hookAt, 'the hook runs after the error is printed').toBeGreaterThan(errorAt);
    expect(result.stderr).toMatch(/on-failure hook exited with 7/);
    expect(result.output).toContain(`crash-${marker}`);
    expect(await lockConfigOf(env, target.name)).toBeUndefined();
  }, 300_000);

  /** A run's lock as @swarmlift/remote stores it: a Swarm config with the lock labels, never renewed. */
  async function writeRunLock(options: { owner: string; ttlMs: number }): Promise<void> {
    const stack = target.name;
    await dockerClient(env).createConfig({
      Name: `swarmlift-lock.${stack}.deploy`,
      Labels: {
        [LOCK_LABEL]: `${stack}/deploy`,
        [`${LOCK_LABEL}.stack`]: stack,
        [`${LOCK_LABEL}.purpose`]: 'deploy',
        [`${LOCK_LABEL}.owner`]: options.owner,
        [`${LOCK_LABEL}.ttl-ms`]: String(options.ttlMs),
        [`${LOCK_LABEL}.renewals`]: '0',
        [`${LOCK_LABEL}.token`]: randomUUID(),
      },
      Data: Buffer.from(
        JSON.stringify({ stack, purpose: 'deploy', owner: options.owner }),
      ).toString('base64'),
    });
  }
});
