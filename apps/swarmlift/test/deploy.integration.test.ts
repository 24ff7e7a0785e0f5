import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIntegration, uniqueName } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PreparedApp, prepareApp } from './support/app.js';
import { type CliResult, describeRun, runCli, startCli, summaryOf } from './support/cli.js';
import { cliEnv, createDatabase, type E2eTarget, e2eTarget, psql } from './support/env.js';
import { expectNoSecrets } from './support/secrets.js';
import {
  cleanupTarget,
  getApp,
  getText,
  killSshSessionsOf,
  liveStaticRelease,
  lockConfigOf,
  requestLoop,
  serviceVersions,
  stackServices,
  waitForVersion,
} from './support/stack.js';
import { sawStep, sawStepEnd } from './support/steps.js';

const WSGI = 'app/config/wsgi.py';
const VIEWS = 'app/hits/views.py';
const CSS = 'app/hits/static/hits/site.css';

const short = (sha: string) => sha.slice(0, 7);

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
 * One stack, deployed fresh once, then changed step by step: each test
 * builds on the state the one before left (vitest runs them in order).
 */
describeIntegration('swarmlift deploy: the example app, end to end', (env) => {
  let target: E2eTarget;
  let app: PreparedApp;
  let baseEnv: Record<string, string>;
  let originalWsgi: string;
  let originalCss: string;
  /** Every CLI run's output and the environment it had, checked for secrets after each test. */
  const runs: { result: CliResult; env: Record<string, string> }[] = [];

  const cli = async (
    args: string[],
    sha: string,
    overrides: Record<string, string> = {},
    limitMs?: number,
  ): Promise<CliResult> => {
    const runEnv = { ...baseEnv, GITHUB_SHA: sha, ...overrides };
    const result = await runCli(args, { cwd: app.dir, env: runEnv, limitMs });
    runs.push({ result, env: runEnv });
    expectNoSecrets(result.output, runEnv);
    return result;
  };
  const label = (result: CliResult) => describeRun(result, baseEnv);

  beforeAll(async () => {
    target = await e2eTarget(env, uniqueName('e2e'));
    await createDatabase(env, target.database);
    app = await prepareApp('deploy');
    baseEnv = await cliEnv(env, target);
    originalWsgi = await readFile(join(app.dir, WSGI), 'utf8');
    originalCss = await readFile(join(app.dir, CSS), 'utf8');
  });

  afterAll(async () => {
    try {
      await cleanupTarget(env, target);
    } finally {
      await app?.remove();
    }
  }, 180_000);

  let firstVersion: string;

  it('deploys fresh: exit 0, the edge serves the version, hits grow, static files of the release, a summary', async () => {
    const sha = await app.sha();
    firstVersion = short(sha);
    const result = await cli(['deploy', '--json'], sha);
    expect(result.code, label(result)).toBe(0);

    const summary = summaryOf(result.stdout);
    expect(summary, label(result)).toMatchObject({
      command: 'deploy',
      status: 'deployed',
      exitCode: 0,
      version: firstVersion,
    });
    expect(String(summary?.digest)).toMatch(/^sha256:[0-9a-f]{64}$/);

    const first = await waitForVersion(target, firstVersion);
    const second = await getApp(target);
    expect(second.version).toBe(firstVersion);
    expect(second.hits).toBeGreaterThan(first.hits);
    expect(second['cache-hits']).toBeGreaterThan(first['cache-hits']);

    expect(await liveStaticRelease(target)).toBe(firstVersion);
    const viaEdge = await getText(`${target.edgeUrl}static/hits/site.css`);
    expect(viaEdge.status).toBe(200);
    expect(viaEdge.text).toBe(originalCss);
    const viaNginx = await getText(`${target.staticUrl}hits/site.css`);
    expect(viaNginx.status).toBe(200);
    expect(viaNginx.text).toBe(originalCss);

    expect(await stackServices(env, target.name)).toEqual(
      ['django', 'edge', 'redis'].map((service) => `${target.name}_${service}`),
    );
    const services = await serviceVersions(env, target.name);
    expect(services[`${target.name}_django`]?.image).toContain(
      `${env.REGISTRY_HOST}/${target.imageName}/django-app:${firstVersion}`,
    );
    expect(await lockConfigOf(env, target.name), 'the lock is released').toBeUndefined();
  }, 300_000);

  it('plan after the deploy shows no changes and changes nothing', async () => {
    const before = await serviceVersions(env, target.name);
    const release = await liveStaticRelease(target);
    const result = await cli(['plan', '--json'], await app.sha());
    expect(result.code, label(result)).toBe(0);
    const summary = summaryOf(result.stdout);
    expect(summary?.command, label(result)).toBe('plan');
    expect(['unchanged', 'ok']).toContain(summary?.status);
    expect(result.output).toMatch(/no changes?/i);
    for (const service of (summary?.services as { action: string }[] | undefined) ?? [])
      expect(service.action).toMatch(/^(unchanged|none|keep)$/);
    expect(await serviceVersions(env, target.name)).toEqual(before);
    expect(await liveStaticRelease(target)).toBe(release);
    expect(await lockConfigOf(env, target.name)).toBeUndefined();
  }, 120_000);

  it('a no-change redeploy under GitHub Actions: masks first, groups, outputs; nothing changes', async () => {
    const before = await serviceVersions(env, target.name);
    const files = await mkdtemp(join(tmpdir(), 'sltest-e2e-gha-'));
    const summaryFile = join(files, 'summary.md');
    const outputFile = join(files, 'output');
    await writeFile(summaryFile, '');
    await writeFile(outputFile, '');
    const sha = await app.sha();
    const runEnv: Record<string, string> = {
      ...baseEnv,
      GITHUB_SHA: sha,
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      GITHUB_SERVER_URL: 'https://github.invalid',
      GITHUB_REPOSITORY: 'acme/e2e',
      GITHUB_RUN_ID: '4242',
    };
    try {
      const result = await runCli(['deploy'], { cwd: app.dir, env: runEnv });
      const lines = result.stderr.split('\n');
      const firstOther = lines.findIndex((line) => !line.startsWith('::add-mask::'));
      const masks = new Set(
        lines.slice(0, firstOther).map((line) => line.slice('::add-mask::'.length)),
      );
      const rest = { ...result, output: `${result.stdout}\n${lines.slice(firstOther).join('\n')}` };
      runs.push({ result: rest, env: runEnv });
      expect(result.code, label(result)).toBe(0);
      expect(lines.slice(firstOther).some((line) => line.startsWith('::add-mask::'))).toBe(false);
      for (const name of ['SECRET_KEY', 'DB_PASSWORD', 'REGISTRY_PASSWORD'] as const)
        expect(masks.has(runEnv[name] ?? '?'), `${name} is masked before any other line`).toBe(
          true,
        );
      for (const line of (runEnv.SSH_PRIVATE_KEY ?? '')
        .split('\n')
        .filter((l) => l.length >= 16 && !l.startsWith('-----')))
        expect(masks.has(line), 'each line of SSH_PRIVATE_KEY is masked').toBe(true);
      expectNoSecrets(rest.output, runEnv);
      expect(result.stderr).toContain('::group::');
      expect(result.durationMs, 'a no-change redeploy is quick').toBeLessThan(15_000);

      const outputText = await readFile(outputFile, 'utf8');
      const outputs = parseGitHubOutput(outputText);
      expect(outputs.version).toBe(firstVersion);
      expect(outputs.status).toBe('unchanged');
      expect(outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(outputs.image).toContain(`django-app:${firstVersion}`);
      const markdown = await readFile(summaryFile, 'utf8');
      expect(markdown).toContain(firstVersion);
      expectNoSecrets(`${outputText}\n${markdown}`, runEnv);

      expect(await serviceVersions(env, target.name), 'no service changed').toEqual(before);
      expect(await liveStaticRelease(target)).toBe(firstVersion);
      expect((await getApp(target)).version).toBe(firstVersion);
    } finally {
      await rm(files, { recursive: true, force: true });
    }
  }, 120_000);

  it('manage -- showmigrations runs a manage.py command with the current image', async () => {
    const result = await cli(['manage', '--', 'showmigrations', 'hits'], await app.sha());
    expect(result.code, label(result)).toBe(0);
    expect(result.output).toMatch(/\[X\] 0001_initial/);
  }, 120_000);

  let secondVersion: string;
  let loopResult: Awaited<ReturnType<ReturnType<typeof requestLoop>['stop']>>;

  it('redeploys a one-line change with no failed request during the update', async () => {
    const sha = await app.commit('one-line change', {
      file: VIEWS,
      append: '# e2e: a one-line change\n',
    });
    secondVersion = short(sha);
    expect(secondVersion).not.toBe(firstVersion);
    const loop = requestLoop(target, 50);
    let result: CliResult;
    try {
      result = await cli(['deploy', '--json'], sha);
      // The edge keeps answering for a moment after the deploy returns.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      loopResult = await loop.stop();
    }
    const seen = loopResult;
    expect(result.code, label(result)).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ status: 'deployed', version: secondVersion });
    expect(seen.failures, `failed requests during the update (${seen.ok} ok)`).toEqual([]);
    expect(seen.ok).toBeGreaterThan(20);
    expect(seen.versions[0]).toBe(firstVersion);
    expect(seen.versions.at(-1)).toBe(secondVersion);
    expect((await getApp(target)).version).toBe(secondVersion);
    expect(await liveStaticRelease(target)).toBe(secondVersion);
  }, 300_000);

  let thirdVersion: string;

  it('two deploys at once: the second exits 4 naming the holder; SIGTERM mid-wait exits 130 and releases the lock', async () => {
    // A version whose workers take ~20 s to boot: the wait lasts long enough to interrupt.
    const sha = await app.commit('slow start', {
      file: WSGI,
      content: `${originalWsgi}\nimport time  # e2e: slow start\n\ntime.sleep(20)\n`,
    });
    const runId = String(Date.now());
    const holderEnv = {
      ...baseEnv,
      GITHUB_SHA: sha,
      GITHUB_SERVER_URL: 'https://github.invalid',
      GITHUB_REPOSITORY: 'acme/e2e',
      GITHUB_RUN_ID: runId,
    };
    const holder = startCli(['deploy', '--json'], { cwd: app.dir, env: holderEnv });
    let holderResult: CliResult | undefined;
    try {
      await holder.waitForOutput((stdout) => sawStepEnd(stdout, 'lock'));
      expect(await lockConfigOf(env, target.name), 'the first deploy holds the lock').toBeDefined();

      const second = await cli(['deploy', '--json', '--lock-wait', '0'], sha);
      expect(second.code, label(second)).toBe(4);
      expect(second.output).toContain(`actions/runs/${runId}`);
      expect(summaryOf(second.stdout)?.status).toBe('lock_held');

      await holder.waitForOutput((stdout) => sawStep(stdout, 'wait'));
      const signalled = Date.now();
      holder.child.kill('SIGTERM');
      holderResult = await holder.done;
      runs.push({ result: holderResult, env: holderEnv });
      expectNoSecrets(holderResult.output, holderEnv);
      expect(holderResult.code, label(holderResult)).toBe(130);
      expect(Date.now() - signalled).toBeLessThan(30_000);
      expect(summaryOf(holderResult.stdout)?.status).toBe('cancelled');
      expect(holderResult.output).toMatch(/cancel/i);
      expect(holderResult.output, 'it says the lock is released').toMatch(/lock[^\n]*released/i);
    } finally {
      if (!holderResult) {
        holder.child.kill('SIGKILL');
        await holder.done;
      }
    }
    expect(await lockConfigOf(env, target.name), 'SIGTERM released the lock').toBeUndefined();
  }, 300_000);

  it('a wait that runs out of time: exit 5, says the stack may still converge, lock released', async () => {
    const sha = await app.commit('slow start, waited for too briefly', {
      file: WSGI,
      content: `${originalWsgi}\nimport time  # e2e: slow start, short wait\n\ntime.sleep(15)\n`,
    });
    const result = await cli(['deploy', '--json', '--lock-wait', '0'], sha, { WAIT_TIMEOUT: '3' });
    expect(result.code, label(result)).toBe(5);
    expect(summaryOf(result.stdout)).toMatchObject({ status: 'timed_out', exitCode: 5 });
    expect(result.output).toMatch(/may still|still converg|goes on/i);
    expect(await lockConfigOf(env, target.name)).toBeUndefined();
  }, 180_000);

  it('the next deploy takes the lock at once, and a dropped SSH connection mid-wait is survived or exit 3 — never a hang', async () => {
    const sha = await app.commit('slow start, another version', {
      file: WSGI,
      content: `${originalWsgi}\nimport time  # e2e: slow start, again\n\ntime.sleep(10)\n`,
    });
    thirdVersion = short(sha);
    const runEnv = { ...baseEnv, GITHUB_SHA: sha };
    const run = startCli(['deploy', '--json', '--lock-wait', '0'], {
      cwd: app.dir,
      env: runEnv,
      limitMs: 240_000,
    });
    let killedAt = 0;
    let killed: number[] = [];
    const reached = await run
      .waitForOutput((stdout) => sawStep(stdout, 'wait'))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    if (reached === undefined) {
      killed = await killSshSessionsOf(run.pid, env.SSH_PORT);
      killedAt = Date.now();
    }
    const result = await run.done;
    runs.push({ result, env: runEnv });
    if (reached !== undefined) throw reached;
    expect(
      killed.length,
      'an sshd session process of this deploy was found and killed',
    ).toBeGreaterThan(0);
    expectNoSecrets(result.output, runEnv);
    expect(result.killedAfterLimit, label(result)).toBe(false);
    expect([0, 3], label(result)).toContain(result.code);
    expect(Date.now() - killedAt, 'exit within 2 minutes of the drop').toBeLessThan(120_000);
    if (result.code === 3) {
      // It could not say how the deploy ended; Swarm carries on with the update.
      expect(result.output).toMatch(/SSH|connection|unreachable/i);
      if (await lockConfigOf(env, target.name)) {
        const unlock = await cli(['unlock', '--force'], sha);
        expect(unlock.code, label(unlock)).toBe(0);
      }
    } else {
      expect(summaryOf(result.stdout)).toMatchObject({ status: 'deployed', version: thirdVersion });
    }
    await waitForVersion(target, thirdVersion, 90_000);
    expect(await lockConfigOf(env, target.name)).toBeUndefined();
  }, 300_000);

  it('a deploy killed outright leaves its lock: the next exits 4 naming the holder; unlock --force frees it', async () => {
    const sha = await app.commit('slow start, killed', {
      file: WSGI,
      content: `${originalWsgi}\nimport time  # e2e: slow start, killed\n\ntime.sleep(5)\n`,
    });
    const runEnv = {
      ...baseEnv,
      GITHUB_SHA: sha,
      GITHUB_SERVER_URL: 'https://github.invalid',
      GITHUB_REPOSITORY: 'acme/e2e',
      GITHUB_RUN_ID: String(4_700_000_000 + Math.floor(Math.random() * 1_000_000)),
    };
    const victim = startCli(['deploy', '--json'], { cwd: app.dir, env: runEnv });
    const reached = await victim
      .waitForOutput((stdout) => sawStep(stdout, 'wait'))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    victim.child.kill('SIGKILL');
    const killed = await victim.done;
    runs.push({ result: killed, env: runEnv });
    if (reached !== undefined) throw reached;
    expectNoSecrets(killed.output, runEnv);
    expect(await lockConfigOf(env, target.name), 'the killed deploy left its lock').toBeDefined();

    let unlock: CliResult | undefined;
    try {
      const blocked = await cli(['deploy', '--json', '--lock-wait', '0'], sha);
      expect(blocked.code, label(blocked)).toBe(4);
      expect(blocked.output).toContain(`actions/runs/${runEnv.GITHUB_RUN_ID}`);
    } finally {
      // Whatever failed above, the tests after this one need the lock free.
      unlock = await cli(['unlock', '--force'], sha);
    }
    expect(unlock.code, label(unlock)).toBe(0);
    expect(await lockConfigOf(env, target.name), 'unlock --force removed the lock').toBeUndefined();
    // Swarm finishes the update the killed deploy started.
    await waitForVersion(target, short(sha), 90_000);
    // ...and only then is the old task gone: until the update completed, a
    // request may still reach it (start-first, dnsrr), which the next test reads.
    const settled = await cli(['wait'], sha);
    expect(settled.code, label(settled)).toBe(0);
  }, 240_000);

  it('a version that crashes at start: exit 1 with the task error and logs; the previous version and static release stay', async () => {
    const previous = (await getApp(target)).version;
    const previousRelease = await liveStaticRelease(target);
    expect(previousRelease).toBe(previous);
    const marker = `e2e-crash-${randomBytes(4).toString('hex')}`;
    const sha = await app.commit(
      'crash at start',
      {
        file: WSGI,
        content: `${originalWsgi}\nraise RuntimeError("${marker}: gunicorn cannot import the app")\n`,
      },
      { file: CSS, content: `${originalCss}\n/* ${marker} */\n` },
    );
    const result = await cli(['deploy', '--json'], sha);
    expect(result.code, label(result)).toBe(1);
    const summary = summaryOf(result.stdout);
    expect(summary).toMatchObject({ status: 'failed', exitCode: 1, serving: previous });
    // The task's error (exit code) and its last log lines, with the Python error.
    expect(result.output).toMatch(/exit(ed)? (code|with|\()?\s*\(?\d+|non-zero exit/i);
    expect(result.output).toContain(marker);
    expect(result.output).toContain(previous);

    expect(await liveStaticRelease(target), 'the static link is back on the previous release').toBe(
      previousRelease,
    );
    const css = await getText(`${target.edgeUrl}static/hits/site.css`);
    expect(css.status).toBe(200);
    expect(css.text).not.toContain(marker);
    await waitForVersion(target, previous, 60_000);
    const after = await getApp(target);
    expect(after.version).toBe(previous);
    expect(await lockConfigOf(env, target.name)).toBeUndefined();
  }, 300_000);

  it('a failing migration: exit 1 with the traceback; the new code serves, the database is not migrated; migrate --check before and after', async () => {
    const before = await cli(['migrate', '--check'], await app.sha());
    expect(before.code, label(before)).toBe(0);

    const marker = `e2e-migration-${randomBytes(4).toString('hex')}`;
    const sha = await app.commit(
      'a migration that raises',
      { file: WSGI, content: originalWsgi },
      { file: CSS, content: originalCss },
      {
        file: 'app/hits/migrations/0002_e2e_fails.py',
        content: [
          'from django.db import migrations',
          '',
          '',
          'def fail(apps, schema_editor):',
          `    raise RuntimeError("${marker}")`,
          '',
          '',
          'class Migration(migrations.Migration):',
          '    dependencies = [("hits", "0001_initial")]',
          '    operations = [migrations.RunPython(fail, migrations.RunPython.noop)]',
          '',
        ].join('\n'),
      },
    );
    const version = short(sha);
    const result = await cli(['deploy', '--json'], sha);
    expect(result.code, label(result)).toBe(1);
    expect(result.output).toContain('Traceback');
    expect(result.output).toContain(`RuntimeError: ${marker}`);
    expect(result.output).toMatch(/not migrated/i);
    expect(result.output).toMatch(new RegExp(`${version}[^\\n]*serv|serv[^\\n]*${version}`, 'i'));
    expect(summaryOf(result.stdout)).toMatchObject({ status: 'failed', version });
    expect((await waitForVersion(target, version, 30_000)).version).toBe(version);
    expect(
      await psql(
        env,
        "SELECT count(*) FROM django_migrations WHERE app = 'hits' AND name = '0002_e2e_fails'",
        target.database,
      ),
    ).toBe('0');

    const after = await cli(['migrate', '--check'], sha);
    expect(after.code, label(after)).toBe(1);
    expect(after.output).toContain('hits.0002_e2e_fails');
    expect(await lockConfigOf(env, target.name)).toBeUndefined();
  }, 300_000);

  it('printed no secret in any run', () => {
    expect(runs.length).toBeGreaterThan(5);
    for (const { result, env: runEnv } of runs) expectNoSecrets(result.output, runEnv);
  });
});
