import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIntegration, type TestEnv, uniqueName } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PreparedApp, prepareApp } from './support/app.js';
import { type CliResult, describeRun, runCli, summaryOf } from './support/cli.js';
import { cliEnv, createDatabase, type E2eTarget, e2eTarget } from './support/env.js';
import { expectNoSecrets } from './support/secrets.js';
import {
  cleanupTarget,
  getApp,
  liveStaticRelease,
  lockConfigOf,
  serviceVersions,
  waitForVersion,
} from './support/stack.js';

const WSGI = 'app/config/wsgi.py';
const VIEWS = 'app/hits/views.py';
const short = (sha: string) => sha.slice(0, 7);
/** The `data` of a `--json` run's summary (the command's own result). */
const dataOf = <T>(stdout: string): T => (summaryOf(stdout)?.data ?? {}) as T;

interface Entry {
  id: string;
  kind: string;
  version: string;
  digest: string | null;
  outcome: string;
  staticRelease: string | null;
  rolledBackTo: { id: string; version: string } | null;
  serving: boolean;
  migrations: string[];
}

/** Deletes a manifest from the test registry by digest (the registry allows deletes). */
async function deleteFromRegistry(env: TestEnv, repository: string, digest: string) {
  const auth = Buffer.from(`${env.REGISTRY_USER}:${env.REGISTRY_PASSWORD}`).toString('base64');
  const response = await fetch(`http://${env.REGISTRY_HOST}/v2/${repository}/manifests/${digest}`, {
    method: 'DELETE',
    headers: { Authorization: `Basic ${auth}` },
  });
  if (response.status !== 202)
    throw new Error(`registry DELETE ${repository}@${digest}: ${response.status}`);
}

/**
 * v1, v2, then a crashing v3 (Swarm rolls back to v2); `history` shows all
 * three; `rollback` goes to v1 (the last good deploy before the serving
 * v2); a version whose static release or image is gone is refused before
 * anything changes. Tests run in order, each on the state the one before left.
 */
describeIntegration('swarmlift history and rollback: the example app, end to end', (env) => {
  let target: E2eTarget;
  let app: PreparedApp;
  let baseEnv: Record<string, string>;
  const versions: string[] = [];
  const digests: string[] = [];
  let hookDir: string;
  /** What the config's hooks saw, one line per run: hook, command, version, status, error code. */
  const hookLines = async () =>
    (await readFile(join(hookDir, 'hooks.log'), 'utf8').catch(() => ''))
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);

  const cli = async (args: string[], sha: string): Promise<CliResult> => {
    const runEnv = { ...baseEnv, GITHUB_SHA: sha };
    const result = await runCli(args, { cwd: app.dir, env: runEnv });
    expectNoSecrets(result.output, runEnv);
    return result;
  };
  const label = (result: CliResult) => describeRun(result, baseEnv);
  const history = async (): Promise<Entry[]> => {
    const result = await cli(['history', '--json'], await app.sha());
    expect(result.code, label(result)).toBe(0);
    return dataOf<{ records: Entry[] }>(result.stdout).records;
  };

  beforeAll(async () => {
    target = await e2eTarget(env, uniqueName('rollback'));
    await createDatabase(env, target.database);
    app = await prepareApp('rollback');
    baseEnv = await cliEnv(env, target);
    hookDir = await mkdtemp(join(tmpdir(), 'sltest-rollback-hooks-'));
  });

  afterAll(async () => {
    try {
      await cleanupTarget(env, target);
    } finally {
      await app?.remove();
      if (hookDir) await rm(hookDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('deploys v1 and v2, then a crashing v3 that Swarm rolls back; history shows all three', async () => {
    const deploy = async (sha: string, expected: number) => {
      const result = await cli(['deploy', '--json'], sha);
      expect(result.code, label(result)).toBe(expected);
      versions.push(short(sha));
      digests.push(String(summaryOf(result.stdout)?.digest));
    };
    await deploy(await app.sha(), 0);
    await deploy(await app.commit('v2', { file: VIEWS, append: '# rollback e2e: v2\n' }), 0);
    const wsgi = await readFile(join(app.dir, WSGI), 'utf8');
    const marker = `rollback-crash-${randomBytes(3).toString('hex')}`;
    await deploy(
      await app.commit('v3 crashes', {
        file: WSGI,
        content: `${wsgi}\nraise RuntimeError("${marker}")\n`,
      }),
      1,
    );
    await waitForVersion(target, versions[1] as string, 60_000);

    const records = await history();
    expect(records.map((r) => [r.version, r.kind, r.outcome])).toEqual([
      [versions[2], 'deploy', 'rolled_back'],
      [versions[1], 'deploy', 'deployed'],
      [versions[0], 'deploy', 'deployed'],
    ]);
    expect(records.map((r) => r.serving)).toEqual([false, true, false]);
    expect(records[1]?.digest).toBe(digests[1]);
    expect(records[2]?.staticRelease).toBe(versions[0]);

    const plain = await cli(['history'], await app.sha());
    expect(plain.code, label(plain)).toBe(0);
    // The table is the command's output, on stdout.
    const [header, ...lines] = plain.stdout.split('\n');
    expect(header).toMatch(/^ {2}WHEN \(UTC\)\s+VERSION\s+OUTCOME/);
    // One row per record; a failed one's error follows on an indented line.
    const rows = lines.filter((row) => row !== '' && !row.startsWith('    '));
    expect(rows.map((row) => row.split(/\s+/)[3])).toEqual([versions[2], versions[1], versions[0]]);
    expect(rows[0]).toMatch(/rolled back/);
    expect(rows[1]).toMatch(/^\* /);
    expect(lines.find((row) => row.startsWith('    error'))).toContain('CLI_DEPLOY_NOT_CONVERGED');
    const limited = await cli(['history', '-n', '1', '--json'], await app.sha());
    expect(dataOf<{ records: Entry[] }>(limited.stdout).records.map((r) => r.version)).toEqual([
      versions[2],
    ]);
  }, 600_000);

  it('rollback --list marks v1 as the default and v2 as serving', async () => {
    const result = await cli(['rollback', '--list', '--json'], await app.sha());
    expect(result.code, label(result)).toBe(0);
    const { candidates } = dataOf<{
      candidates: {
        version: string;
        default: boolean;
        serving: boolean;
      }[];
    }>(result.stdout);
    expect(candidates.map((c) => [c.version, c.default, c.serving])).toEqual([
      [versions[1], false, true],
      [versions[0], true, false],
    ]);
  }, 60_000);

  it('rollback without VERSION takes v1: `/` answers v1 through the edge, the static link is on v1, history records it; the hooks see the rollback', async () => {
    const log = join(hookDir, 'hooks.log');
    const line = `"$SWARMLIFT_HOOK $SWARMLIFT_COMMAND $SWARMLIFT_VERSION $SWARMLIFT_STATUS $SWARMLIFT_ERROR_CODE"`;
    await writeFile(
      join(app.dir, 'swarmlift.config.yaml'),
      [
        'hooks:',
        ...['pre-deploy', 'post-deploy', 'on-failure'].map(
          (hook) => `  ${hook}: 'echo ${line} >> ${log}'`,
        ),
        '',
      ].join('\n'),
    );
    const started = Date.now();
    const result = await cli(['rollback', '--json'], await app.sha());
    expect(result.code, label(result)).toBe(0);
    const summary = summaryOf(result.stdout);
    expect(summary).toMatchObject({
      command: 'rollback',
      status: 'deployed',
      version: versions[0],
      digest: digests[0],
      staticRelease: versions[0],
    });
    await waitForVersion(target, versions[0] as string, 30_000);
    const wallMs = Date.now() - started;
    expect((await getApp(target)).version).toBe(versions[0]);
    expect(await liveStaticRelease(target)).toBe(versions[0]);
    const django = (await serviceVersions(env, target.name))[`${target.name}_django`];
    expect(django?.image).toContain(`@${digests[0]}`);
    expect(await lockConfigOf(env, target.name), 'the lock is released').toBeUndefined();
    expect(result.stderr).toMatch(/No migrations were recorded after/);
    console.info(
      `rollback to the previous good version: ${wallMs} ms from the command start until it exited and / served v1`,
    );

    const records = await history();
    expect(records[0]).toMatchObject({
      kind: 'rollback',
      version: versions[0],
      outcome: 'deployed',
      digest: digests[0],
      staticRelease: versions[0],
      rolledBackTo: { version: versions[0] },
      serving: true,
    });
    expect(records).toHaveLength(4);
    expect(await hookLines()).toEqual([
      `pre-deploy rollback ${versions[0]} pending`,
      `post-deploy rollback ${versions[0]} deployed`,
    ]);
  }, 300_000);

  it('refuses clearly: the version already serving, an unknown version, nothing older than the serving one', async () => {
    const serving = await cli(['rollback', versions[0] as string, '--json'], await app.sha());
    expect(serving.code, label(serving)).toBe(2);
    expect(summaryOf(serving.stdout)?.error).toMatchObject({
      code: 'CLI_ROLLBACK_ALREADY_SERVING',
    });

    const unknown = await cli(['rollback', 'fffffff', '--json'], await app.sha());
    expect(unknown.code, label(unknown)).toBe(2);
    expect(summaryOf(unknown.stdout)?.error).toMatchObject({
      code: 'CLI_ROLLBACK_VERSION_NOT_FOUND',
    });
    for (const version of versions) expect(unknown.stderr).toContain(version);

    // v1 serves again; no successful deploy is older than v1's own.
    const none = await cli(['rollback', '--json'], await app.sha());
    expect(none.code, label(none)).toBe(1);
    expect(summaryOf(none.stdout)?.error).toMatchObject({ code: 'CLI_ROLLBACK_NO_TARGET' });
  }, 120_000);

  it('refuses a version whose static release was removed, then one whose image was deleted, changing nothing', async () => {
    const v2 = versions[1] as string;
    const before = await serviceVersions(env, target.name);
    const link = await liveStaticRelease(target);
    await rm(join(target.staticTarget, 'releases', v2), { recursive: true, force: true });

    const noStatic = await cli(['rollback', v2, '--json'], await app.sha());
    expect(noStatic.code, label(noStatic)).toBe(1);
    expect(summaryOf(noStatic.stdout)?.error).toMatchObject({
      code: 'CLI_ROLLBACK_STATIC_MISSING',
    });
    expect(noStatic.stderr).toMatch(/Nothing was changed/);
    expect(await serviceVersions(env, target.name)).toEqual(before);
    expect(await liveStaticRelease(target)).toBe(link);

    await deleteFromRegistry(env, `${target.imageName}/django-app`, digests[1] as string);
    const noImage = await cli(['rollback', v2, '--json'], await app.sha());
    expect(noImage.code, label(noImage)).toBe(1);
    expect(summaryOf(noImage.stdout)?.error).toMatchObject({ code: 'CLI_ROLLBACK_IMAGE_MISSING' });
    expect(noImage.stderr).toContain(digests[1]);
    expect(await serviceVersions(env, target.name)).toEqual(before);
    expect(await liveStaticRelease(target)).toBe(link);
    expect(await lockConfigOf(env, target.name)).toBeUndefined();
    expect((await history()).length, 'a refused rollback records nothing').toBe(4);
    expect((await getApp(target)).version).toBe(versions[0]);
    // A refusal happens before the pre-deploy hook; on-failure runs with the target's version.
    expect((await hookLines()).slice(-2)).toEqual([
      `on-failure rollback ${v2} failed CLI_ROLLBACK_STATIC_MISSING`,
      `on-failure rollback ${v2} failed CLI_ROLLBACK_IMAGE_MISSING`,
    ]);
  }, 120_000);
});
