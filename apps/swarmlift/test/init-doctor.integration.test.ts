import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeIntegration, freePort, uniqueName } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PreparedApp, prepareApp } from './support/app.js';
import { type CliResult, describeRun, runCli, summaryOf } from './support/cli.js';
import { cliEnv, createDatabase, type E2eTarget, e2eTarget, psql } from './support/env.js';
import { expectNoSecrets } from './support/secrets.js';
import { cleanupTarget, getText, liveStaticRelease, stackServices } from './support/stack.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'guide');

interface Check {
  id: string;
  ok: boolean;
  status: 'ok' | 'failed' | 'skipped';
  message: string;
  hint?: string;
}

/** doctor's `--json` checks, by id. */
function checksOf(result: CliResult): Record<string, Check> {
  const data = summaryOf(result.stdout)?.data as { checks?: Check[] } | undefined;
  return Object.fromEntries((data?.checks ?? []).map((check) => [check.id, check]));
}

/** init's `--json` files. */
function filesOf(result: CliResult): { path: string; action: string }[] {
  const data = summaryOf(result.stdout)?.data as
    | { files?: { path: string; action: string }[] }
    | undefined;
  return data?.files ?? [];
}

const ALL = [
  'settings',
  'ssh',
  'engine',
  'registry',
  'registry-pull',
  'compose',
  'static-target',
  'database',
];

/**
 * The first hour: `swarmlift init` in a copy of the guide's repository layout,
 * then `doctor` and `deploy` against the real services; then `doctor` with one
 * thing wrong at a time fails on exactly that check (exit 1) while the others
 * still report.
 */
describeIntegration('swarmlift init, doctor and deploy in the guide layout', (env) => {
  let target: E2eTarget;
  let app: PreparedApp;
  let runEnv: Record<string, string>;
  let djangoPort: number;

  const cli = async (args: string[], overrides: Record<string, string | undefined> = {}) => {
    const runWith = { ...runEnv };
    for (const [key, value] of Object.entries(overrides)) {
      if (value === undefined) delete runWith[key];
      else runWith[key] = value;
    }
    const result = await runCli(args, { cwd: app.dir, env: runWith });
    expectNoSecrets(result.output, runWith);
    return result;
  };

  /** One failing doctor run: exit 1, exactly `failing` failed, the listed ones passed, the rest skipped. */
  const expectDoctorFails = (result: CliResult, failing: string, passing: string[]) => {
    expect(result.code, describeRun(result, runEnv)).toBe(1);
    const checks = checksOf(result);
    expect(Object.keys(checks)).toEqual(ALL);
    const failed = ALL.filter((id) => checks[id]?.status === 'failed');
    expect(failed, describeRun(result, runEnv)).toEqual([failing]);
    for (const id of passing)
      expect(checks[id]?.status, `${id}: ${checks[id]?.message}`).toBe('ok');
    for (const id of ALL.filter((id) => id !== failing && !passing.includes(id)))
      expect(checks[id]?.status, id).toBe('skipped');
    // The human lines: one per check, in order, the failure with what to do.
    const lines = result.stderr.split('\n').filter((line) => /^[✓✗–] /.test(line));
    expect(lines.map((line) => line.split(/\s+/)[1])).toEqual(ALL);
    expect(result.stderr).toMatch(new RegExp(`^✗ ${failing} `, 'm'));
    expect(checks[failing]?.hint).toBeTruthy();
    return checks[failing] as Check;
  };

  beforeAll(async () => {
    target = await e2eTarget(env, uniqueName('init'));
    await createDatabase(env, target.database);
    app = await prepareApp('init', FIXTURE);
    djangoPort = await freePort();
    runEnv = await cliEnv(env, target, {
      GITHUB_SHA: await app.sha(),
      EDGE_PORT: undefined,
      EDGE_IMAGE: undefined,
      REDIS_IMAGE: undefined,
      BUILD_ARGS: `BASE_IMAGE=${env.IMAGE_DJANGO}`,
      DJANGO_PORT: String(djangoPort),
    });
  });

  afterAll(async () => {
    try {
      await cleanupTarget(env, target);
    } finally {
      await app?.remove();
    }
  }, 120_000);

  it('init writes the config file and the workflow, leaves the guide’s deployment files alone', async () => {
    const dockerfileBefore = await readFile(join(app.dir, 'deployment', 'Dockerfile'), 'utf8');
    const result = await cli(['init', '--json']);
    expect(result.code, describeRun(result, runEnv)).toBe(0);
    expect(filesOf(result)).toEqual([
      { path: 'swarmlift.config.yaml', action: 'created' },
      { path: '.github/workflows/deploy.yml', action: 'created' },
      { path: 'deployment/Dockerfile', action: 'kept' },
      { path: 'deployment/docker-compose.prod.yml', action: 'kept' },
      { path: 'deployment/entrypoint.sh', action: 'kept' },
    ]);
    expect(result.stderr).toMatch(/^wrote\s+swarmlift\.config\.yaml/m);
    expect(result.stderr).toMatch(/^left\s+deployment\/Dockerfile/m);
    expect(await readFile(join(app.dir, 'deployment', 'Dockerfile'), 'utf8')).toBe(
      dockerfileBefore,
    );
    const config = await readFile(join(app.dir, 'swarmlift.config.yaml'), 'utf8');
    expect(config).toContain('appDir: app');
    // No secret value, and no secret key, in the committed config.
    for (const name of ['SSH_PRIVATE_KEY', 'REGISTRY_PASSWORD', 'SECRET_KEY', 'DB_PASSWORD'])
      expect(config).not.toContain(runEnv[name] as string);

    // Again: nothing changes, nothing is overwritten.
    const mtime = (await stat(join(app.dir, 'swarmlift.config.yaml'))).mtimeMs;
    const again = await cli(['init', '--json']);
    expect(again.code).toBe(0);
    expect(filesOf(again).map((f) => f.action)).toEqual([
      'unchanged',
      'unchanged',
      'kept',
      'kept',
      'kept',
    ]);
    expect((await stat(join(app.dir, 'swarmlift.config.yaml'))).mtimeMs).toBe(mtime);

    // As a user would: commit what init wrote, and deploy that commit.
    runEnv.GITHUB_SHA = await app.commit('swarmlift init');
  }, 60_000);

  it('doctor before the first deploy: every check passes; the database waits for an image', async () => {
    const result = await cli(['doctor', '--json']);
    expect(result.code, describeRun(result, runEnv)).toBe(0);
    const checks = checksOf(result);
    expect(Object.keys(checks)).toEqual(ALL);
    for (const id of ALL.filter((id) => id !== 'database'))
      expect(checks[id]?.status, `${id}: ${checks[id]?.message}`).toBe('ok');
    expect(checks.database?.status).toBe('skipped');
    expect(checks.database?.message).toContain('no image to probe with');
    expect(checks['static-target']?.message).toContain('does not exist yet');
  }, 120_000);

  it('deploy works with the files init wrote', async () => {
    const result = await cli(['deploy', '--json'], {});
    expect(result.code, describeRun(result, runEnv)).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({ command: 'deploy', status: 'deployed' });
    expect(await stackServices(env, target.name)).toEqual([`${target.name}_django`]);
    let status = 0;
    for (let attempt = 0; attempt < 60 && status !== 200; attempt++) {
      status = (await getText(`http://127.0.0.1:${djangoPort}/`).catch(() => ({ status: 0 })))
        .status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe(200);
  }, 300_000);

  it('doctor after the deploy: all eight checks pass, the database from the stack network', async () => {
    const result = await cli(['doctor']);
    expect(result.code, describeRun(result, runEnv)).toBe(0);
    expect(result.stderr).toContain('All 8 checks passed');
    expect(result.stderr).toMatch(
      /^✓ database\s+.*PostgreSQL answers at .* from the stack's network/m,
    );
    expect(result.stderr).toMatch(/^✓ static-target\s+.*can write to/m);
    expect(result.stdout).toBe('');
  }, 120_000);

  it('a wrong host key: ✗ ssh names SSH_HOST_KEY and the fingerprint the server offers', async () => {
    const wrong = `SHA256:${createHash('sha256').update(randomBytes(32)).digest('base64').replace(/=+$/, '')}`;
    const result = await cli(['doctor', '--json'], { SSH_HOST_KEY: wrong });
    const ssh = expectDoctorFails(result, 'ssh', ['settings', 'registry', 'compose']);
    expect(ssh.message).toContain('SSH_HOST_KEY');
    expect(ssh.message).toContain(`the server offers ${env.SSH_HOST_KEY_FINGERPRINT}`);
  }, 120_000);

  it('a wrong registry password: ✗ registry, and the manager-side check waits for it', async () => {
    const result = await cli(['doctor', '--json'], {
      REGISTRY_PASSWORD: `wrong-${randomBytes(12).toString('hex')}`,
    });
    const registry = expectDoctorFails(result, 'registry', [
      'settings',
      'ssh',
      'engine',
      'compose',
      'static-target',
      'database',
    ]);
    expect(registry.message).toContain('REGISTRY_AUTH_FAILED');
    expect(registry.hint).toContain('REGISTRY_PASSWORD');
  }, 120_000);

  it('an unset interpolated variable: ✗ compose names it', async () => {
    // A second compose file as a team would add one, using a variable nobody set.
    await writeFile(
      join(app.dir, 'deployment', 'docker-compose.extra.yml'),
      'version: "3.8"\nservices:\n  django:\n    environment:\n      SENTRY_ENVIRONMENT: ${SLTEST_SENTRY_ENVIRONMENT}\n',
    );
    const result = await cli(['doctor', '--json'], {
      COMPOSE_FILE: 'deployment/docker-compose.prod.yml:deployment/docker-compose.extra.yml',
    });
    const compose = expectDoctorFails(result, 'compose', [
      'settings',
      'ssh',
      'engine',
      'registry',
      'registry-pull',
      'static-target',
    ]);
    expect(compose.message).toContain('interpolates SLTEST_SENTRY_ENVIRONMENT, which is not set');
  }, 120_000);

  it('an unreachable database: ✗ database, from a one-off task on the stack network', async () => {
    // A closed port on the address the stack's tasks reach the host by.
    const result = await cli(['doctor', '--json'], { DB_PORT: '1' });
    const database = expectDoctorFails(result, 'database', [
      'settings',
      'ssh',
      'engine',
      'registry',
      'registry-pull',
      'compose',
      'static-target',
    ]);
    expect(database.message).toBe(
      `${env.PG_SWARM_HOST}:1 refused the connection from the stack's network ${target.name}_default: nothing listens there`,
    );
  }, 120_000);

  it('missing settings are doctor’s first ✗ line, not exit 2', async () => {
    const result = await cli(['doctor', '--json'], {
      SECRET_KEY: undefined,
      SWARM_MANAGER_IP: undefined,
    });
    const settings = expectDoctorFails(result, 'settings', []);
    expect(settings.message).toContain('SECRET_KEY');
    expect(settings.message).toContain('SWARM_MANAGER_IP');
  }, 60_000);
});

/**
 * A Django repository with no deployment files at all (the guide's app/ only):
 * init writes the Dockerfile, the compose file and the entrypoint, and they
 * build, deploy, migrate and serve the static files as they are.
 */
describeIntegration('swarmlift init: the deployment files it writes deploy as they are', (env) => {
  let target: E2eTarget;
  let app: PreparedApp;
  let runEnv: Record<string, string>;

  beforeAll(async () => {
    target = await e2eTarget(env, uniqueName('init-files'));
    await createDatabase(env, target.database);
    app = await prepareApp('init-files', FIXTURE);
    await rm(join(app.dir, 'deployment'), { recursive: true, force: true });
    await app.commit('only the Django project');
    runEnv = await cliEnv(env, target, {
      EDGE_PORT: undefined,
      EDGE_IMAGE: undefined,
      // No image can be pulled here: redis-server from the local test image.
      REDIS_IMAGE: env.REGISTRY_IMAGE_DJANGO,
      BUILD_ARGS: `BASE_IMAGE=${env.IMAGE_DJANGO}`,
      DJANGO_PORT: String(await freePort()),
    });
  });

  afterAll(async () => {
    try {
      await cleanupTarget(env, target);
    } finally {
      await app?.remove();
    }
  }, 120_000);

  it('init writes all five files; deploy builds, deploys, migrates and syncs static files with them', async () => {
    const init = await runCli(['init', '--json'], { cwd: app.dir, env: runEnv });
    expect(init.code, describeRun(init, runEnv)).toBe(0);
    expect(filesOf(init).map((file) => file.action)).toEqual([
      'created',
      'created',
      'created',
      'created',
      'created',
    ]);
    expect((await stat(join(app.dir, 'deployment', 'entrypoint.sh'))).mode & 0o777).toBe(0o755);
    runEnv.GITHUB_SHA = await app.commit('swarmlift init');

    const deploy = await runCli(['deploy', '--json'], { cwd: app.dir, env: runEnv });
    expectNoSecrets(deploy.output, runEnv);
    expect(deploy.code, describeRun(deploy, runEnv)).toBe(0);
    expect(await stackServices(env, target.name)).toEqual([
      `${target.name}_django`,
      `${target.name}_redis`,
    ]);
    expect(
      await psql(
        env,
        "SELECT count(*) > 0 FROM django_migrations WHERE app = 'auth'",
        target.database,
      ),
    ).toBe('t');
    expect(await liveStaticRelease(target)).toBe(runEnv.GITHUB_SHA.slice(0, 7));
    expect((await getText(`${target.staticUrl}core/site.css`)).status).toBe(200);

    const doctor = await runCli(['doctor'], { cwd: app.dir, env: runEnv });
    expectNoSecrets(doctor.output, runEnv);
    expect(doctor.code, describeRun(doctor, runEnv)).toBe(0);
    expect(doctor.stderr).toContain('All 8 checks passed');
  }, 300_000);
});
