import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeIntegration, freePort, uniqueName } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PreparedApp, prepareApp } from './support/app.js';
import { describeRun, runCli, summaryOf } from './support/cli.js';
import { cliEnv, createDatabase, type E2eTarget, e2eTarget, psql } from './support/env.js';
import { expectNoSecrets } from './support/secrets.js';
import { cleanupTarget, getText, liveStaticRelease, stackServices } from './support/stack.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'guide');

/**
 * A repository laid out like the guide's (test/fixtures/guide), unmodified
 * but for what the test machine forces, deploys with the guide's environment
 * variables only: no swarmlift config file, no flag but --json.
 */
describeIntegration("swarmlift deploy: the guide's repository layout, environment only", (env) => {
  let target: E2eTarget;
  let app: PreparedApp;
  let runEnv: Record<string, string>;
  let djangoPort: number;

  beforeAll(async () => {
    target = await e2eTarget(env, uniqueName('e2e-guide'));
    await createDatabase(env, target.database);
    app = await prepareApp('guide', FIXTURE);
    djangoPort = await freePort();
    runEnv = await cliEnv(env, target, {
      GITHUB_SHA: await app.sha(),
      // The guide's workflow has no such variables: only the example app needs them.
      EDGE_PORT: undefined,
      EDGE_IMAGE: undefined,
      REDIS_IMAGE: undefined,
      BUILD_ARGS: `BASE_IMAGE=${env.IMAGE_DJANGO}`,
      // The one variable the fixture adds (a free host port on the test machine).
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

  it('deploys: exit 0, the app answers on its port, static files and migrations are in place', async () => {
    for (const name of ['swarmlift.config.json', 'swarmlift.config.yaml', 'swarmlift.config.yml'])
      expect(existsSync(join(app.dir, name)), `${name} is not there`).toBe(false);
    const version = (await app.sha()).slice(0, 7);

    const result = await runCli(['deploy', '--json'], { cwd: app.dir, env: runEnv });
    expectNoSecrets(result.output, runEnv);
    expect(result.code, describeRun(result, runEnv)).toBe(0);
    expect(summaryOf(result.stdout)).toMatchObject({
      command: 'deploy',
      status: 'deployed',
      version,
      image: expect.stringContaining(
        `${env.REGISTRY_HOST}/${target.imageName}/django-app:${version}`,
      ),
    });

    // The app's own `/` touches Postgres.
    let answer: { status: number; text: string } | undefined;
    for (let attempt = 0; attempt < 60; attempt++) {
      answer = await getText(`http://127.0.0.1:${djangoPort}/`).catch(() => undefined);
      if (answer?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(answer?.status).toBe(200);
    expect(JSON.parse(answer?.text ?? '{}')).toMatchObject({ database: 'ok' });

    // collectstatic ran in the built image; the release is live where host nginx serves it.
    expect(await liveStaticRelease(target)).toBe(version);
    const css = await getText(`${target.staticUrl}core/site.css`);
    expect(css.status).toBe(200);
    expect(css.text).toBe(await readFile(join(FIXTURE, 'app/core/static/core/site.css'), 'utf8'));
    expect((await getText(`${target.staticUrl}admin/css/base.css`)).status).toBe(200);

    expect(
      await psql(
        env,
        "SELECT count(*) > 0 FROM django_migrations WHERE app = 'auth'",
        target.database,
      ),
    ).toBe('t');
    expect(await stackServices(env, target.name)).toEqual([`${target.name}_django`]);
    // The env file the compose file names was written where it names it.
    expect(existsSync(join(app.dir, 'deployment', '.env'))).toBe(true);
  }, 300_000);
});
