import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CancelledError, exitCodeOf } from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import {
  describeIntegration,
  dockerClient,
  expectRejection,
  sshConnectOptions,
  uniqueName,
} from '@swarmlift/testkit';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CollectStaticError, collectStatic, type StaticSyncEvent } from '../src/index.js';
import { ADMIN_STATIC, DEBIAN_PYTHON, makeTempDir, writeDjangoProject } from './helpers.js';

/** The files of `dir` (relative paths) as a tar stream, for the Engine API's build. */
async function contextOf(dir: string, dockerfile: string) {
  const tarball = pack();
  tarball.entry({ name: 'Dockerfile' }, dockerfile);
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path, `${prefix}${entry.name}/`);
      else tarball.entry({ name: `${prefix}${entry.name}` }, await readFile(path));
    }
  };
  await walk(dir, 'app/');
  tarball.finalize();
  return tarball as unknown as NodeJS.ReadableStream;
}

describeIntegration('collectStatic', (env) => {
  const docker = dockerClient(env);
  const image = `${uniqueName('collect')}:test`;
  let remote: Remote;
  let project: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
    project = await makeTempDir('django');
    await writeDjangoProject(project.dir);
    // The guide's kind of image: its entrypoint waits for a database that is not there.
    const dockerfile = [
      `FROM ${env.IMAGE_DJANGO}`,
      'COPY app/ /app/',
      'WORKDIR /app',
      'ENTRYPOINT ["sh", "-c", "until pg_isready -q -h db.invalid -t 1; do sleep 1; done; exec \\"$@\\"", "--"]',
      'CMD ["gunicorn", "site_settings.wsgi"]',
      '',
    ].join('\n');
    const stream = await docker.buildImage(await contextOf(project.dir, dockerfile), {
      t: image,
      rm: true,
      forcerm: true,
    });
    const lines = await new Promise<Array<{ error?: string }>>((resolve, reject) =>
      docker.modem.followProgress(stream, (error, output) =>
        error ? reject(error) : resolve(output as Array<{ error?: string }>),
      ),
    );
    const failed = lines.find((line) => line.error);
    if (failed) throw new Error(`test image build failed: ${failed.error}`);
  });
  afterAll(async () => {
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => {});
    await remote?.close();
    await project?.remove();
  });

  const waitForContainer = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 300 && !(await check()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const leftovers = async () =>
    (await docker.listContainers({ all: true })).filter((c) => c.Image === image);

  it('image mode: runs in a one-off container past the waiting entrypoint, over SSH, and copies the files out', async () => {
    const out = await makeTempDir('out');
    try {
      const events: StaticSyncEvent[] = [];
      const result = await collectStatic({
        image,
        remote,
        settingsModule: 'site_settings.settings',
        env: { STATIC_ROOT_NAME: 'collected' },
        outDir: out.dir,
        timeoutMs: 60_000,
        onEvent: (event) => events.push(event),
      });
      expect(result.dir).toBe(out.dir);
      expect(result.files).toBeGreaterThan(80);
      // Same bytes as Django's own admin files (links into /usr/share/javascript followed).
      expect(await readFile(join(out.dir, 'admin/css/base.css'))).toEqual(
        await readFile(join(ADMIN_STATIC, 'admin/css/base.css')),
      );
      expect((await stat(join(out.dir, 'admin/js/vendor/jquery/jquery.js'))).isFile()).toBe(true);
      expect(events.map((e) => e.type)).toEqual(['collect_started', 'collect_finished']);
      expect(events[1]).toMatchObject({ mode: 'image', files: result.files });
      expect(await leftovers()).toEqual([]);
    } finally {
      await out.remove();
    }
  });

  it('image mode: a failing collectstatic is COLLECTSTATIC_FAILED with its last lines, and the container is gone', async () => {
    const error = await expectRejection(
      collectStatic({
        image,
        remote: { docker }, // a DockerRemote: here the local engine's dockerode
        settingsModule: 'no_such.settings',
        timeoutMs: 60_000,
      }),
      { code: 'COLLECTSTATIC_FAILED', class: CollectStaticError },
    );
    expect(error.message).toContain("No module named 'no_such'");
    expect(await leftovers()).toEqual([]);
  });

  it('image mode: an abort stops collectstatic at once and removes its container', async () => {
    const started = Date.now();
    const controller = new AbortController();
    const events: StaticSyncEvent[] = [];
    const running = collectStatic({
      image,
      remote,
      settingsModule: 'site_settings.settings',
      env: { SETTINGS_SLEEP: '60' },
      signal: controller.signal,
      onEvent: (event) => events.push(event),
    });
    await waitForContainer(async () => (await leftovers()).some((c) => c.State === 'running'));
    controller.abort();
    await expectRejection(running, { code: 'CANCELLED', class: CancelledError });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(events.map((e) => e.type)).toEqual(['collect_started']);
    expect(await leftovers()).toEqual([]);
  });

  it('image mode: past its timeoutMs, collectstatic is stopped, the container removed, and the error is a timeout', async () => {
    const error = await expectRejection(
      collectStatic({
        image,
        remote,
        settingsModule: 'site_settings.settings',
        env: { SETTINGS_SLEEP: '60' },
        timeoutMs: 3_000,
      }),
      { code: 'COLLECTSTATIC_FAILED', class: CollectStaticError },
    );
    expect(error.message).toContain('stopped after 3000 ms');
    expect((error.cause as { code?: string }).code).toBe('TIMED_OUT');
    expect(exitCodeOf(error)).toBe(5); // timed out
    expect(await leftovers()).toEqual([]);
  });

  it('host mode: an abort stops manage.py', async () => {
    const controller = new AbortController();
    const running = collectStatic({
      mode: 'host',
      appDir: project.dir,
      python: DEBIAN_PYTHON,
      env: { SETTINGS_SLEEP: '60' },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 500);
    const started = Date.now();
    await expectRejection(running, { code: 'CANCELLED', class: CancelledError });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('host mode: env reaches manage.py; failures name the exit and show the output', async () => {
    const result = await collectStatic({
      mode: 'host',
      appDir: project.dir,
      python: DEBIAN_PYTHON,
      env: { STATIC_ROOT_NAME: 'from_env' },
    });
    expect(result.dir).toBe(join(project.dir, 'from_env'));
    expect(result.files).toBeGreaterThan(80);

    const broken = await expectRejection(
      collectStatic({
        mode: 'host',
        appDir: project.dir,
        python: DEBIAN_PYTHON,
        settingsModule: 'no_such.settings',
      }),
      {
        code: 'COLLECTSTATIC_FAILED',
        class: CollectStaticError,
        message: "No module named 'no_such'",
      },
    );
    expect(broken).toMatchObject({ exitCode: 1 });

    const missing = await expectRejection(
      collectStatic({ mode: 'host', appDir: project.dir, python: '/nonexistent/python3' }),
      { code: 'COLLECTSTATIC_FAILED', class: CollectStaticError },
    );
    expect(missing.hint).toContain("mode: 'image'");
  });
});
