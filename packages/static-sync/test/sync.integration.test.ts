import { cp, lstat, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, type Remote } from '@swarmlift/remote';
import { describeIntegration, expectRejection, sshConnectOptions } from '@swarmlift/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectStatic,
  rollbackStatic,
  StaticSyncError,
  type StaticSyncEvent,
  syncStatic,
} from '../src/index.js';
import {
  chownToDeploy,
  DEBIAN_PYTHON,
  fetchText,
  makeTempDir,
  newSite,
  writeDjangoProject,
} from './helpers.js';

describeIntegration('syncStatic over SSH, served by nginx', (env) => {
  let remote: Remote;
  let project: Awaited<ReturnType<typeof makeTempDir>>;
  let collected: string;
  let fileCount: number;

  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
    project = await makeTempDir('django');
    await writeDjangoProject(project.dir);
    const result = await collectStatic({
      mode: 'host',
      appDir: project.dir,
      python: DEBIAN_PYTHON,
      settingsModule: 'site_settings.settings',
    });
    collected = result.dir;
    fileCount = result.files;
  });
  afterAll(async () => {
    await remote?.close();
    await project?.remove();
  });

  it('collectStatic (host) gathers Django admin files, following its links into /usr/share/javascript', async () => {
    expect(collected).toBe(join(project.dir, 'staticfiles'));
    expect(fileCount).toBeGreaterThan(80);
    const jquery = await lstat(join(collected, 'admin/js/vendor/jquery/jquery.js'));
    expect(jquery.isFile()).toBe(true);
  });

  describe('first sync, then one changed file, then rollbacks', () => {
    const site = newSite(env);
    let second: Awaited<ReturnType<typeof makeTempDir>>;
    let baseCss: string;
    beforeAll(async () => {
      second = await makeTempDir('v2');
    });
    afterAll(async () => {
      await second?.remove();
      await site.remove();
    });

    it('the first sync uploads every file, compressed, and nginx serves them', async () => {
      const first = await syncStatic({
        remote,
        source: collected,
        target: site.target,
        release: 'aaaaaaa',
      });
      expect(first).toMatchObject({
        release: 'aaaaaaa',
        previous: undefined,
        uploadedFiles: fileCount,
        reusedFiles: 0,
        transport: 'tar',
      });
      expect(first.sentBytes).toBeGreaterThan(0);
      expect(first.sentBytes).toBeLessThan(first.uploadedBytes); // compressed
      const base = await fetchText(site.url('admin/css/base.css'));
      expect(base).toEqual({
        status: 200,
        text: await readFile(join(collected, 'admin/css/base.css'), 'utf8'),
      });
      baseCss = base.text;
      // Fonts travel in the stored (not deflated) part of the stream: same bytes.
      const font = await fetch(site.url('admin/fonts/Roboto-Bold-webfont.woff'));
      expect(Buffer.from(await font.arrayBuffer())).toEqual(
        await readFile(join(collected, 'admin/fonts/Roboto-Bold-webfont.woff')),
      );
    });

    it('one changed file: exactly that file travels, nginx serves it, the old release stays', async () => {
      await cp(collected, second.dir, { recursive: true });
      await writeFile(join(second.dir, 'admin/css/base.css'), `${baseCss}\n/* v2 */\n`);
      const events: StaticSyncEvent[] = [];
      const next = await syncStatic({
        remote,
        source: second.dir,
        target: site.target,
        release: 'bbbbbbb',
        onEvent: (event) => events.push(event),
      });
      expect(next).toMatchObject({
        release: 'bbbbbbb',
        previous: 'aaaaaaa',
        uploadedFiles: 1,
        reusedFiles: fileCount - 1,
        deletedReleases: [],
      });
      expect(events.find((e) => e.type === 'sync_planned')).toMatchObject({
        uploadFiles: 1,
        reusedFiles: fileCount - 1,
        removedFiles: 1,
      });
      expect(events.map((e) => e.type)).toContain('release_switched');
      expect((await fetchText(site.url('admin/css/base.css'))).text).toContain('/* v2 */');
      // The previous release is complete and unchanged; unchanged files are shared inodes.
      const releases = join(site.target, 'releases');
      expect(await readFile(join(releases, 'aaaaaaa/admin/css/base.css'), 'utf8')).toBe(baseCss);
      const [a, b] = await Promise.all(
        ['aaaaaaa', 'bbbbbbb'].map((r) => stat(join(releases, r, 'admin/js/core.js'))),
      );
      expect(b?.ino).toBe(a?.ino);
      const manifest = await readFile(join(site.target, 'manifests/bbbbbbb.tsv'), 'utf8');
      expect(manifest.trim().split('\n')).toHaveLength(fileCount);
    });

    it('the same release again: nothing travels; its name reused for other files is refused', async () => {
      const again = await syncStatic({
        remote,
        source: second.dir,
        target: site.target,
        release: 'bbbbbbb',
      });
      expect(again).toMatchObject({ uploadedFiles: 0, transport: 'none' });
      await expectRejection(
        syncStatic({ remote, source: collected, target: site.target, release: 'bbbbbbb' }),
        { code: 'STATIC_RELEASE_EXISTS', class: StaticSyncError },
      );
    });

    it('rollback serves the old content, forward again by name; an unknown name is refused', async () => {
      expect(await rollbackStatic({ remote, target: site.target })).toEqual({
        release: 'aaaaaaa',
        previous: 'bbbbbbb',
      });
      expect((await fetchText(site.url('admin/css/base.css'))).text).toBe(baseCss);
      await rollbackStatic({ remote, target: site.target, to: 'bbbbbbb' });
      expect((await fetchText(site.url('admin/css/base.css'))).text).toContain('/* v2 */');
      await expectRejection(rollbackStatic({ remote, target: site.target, to: 'nope' }), {
        code: 'STATIC_ROLLBACK_UNAVAILABLE',
        class: StaticSyncError,
      });
    });
  });

  it('keep prunes old releases but never the live or the previous one', async () => {
    const site = newSite(env);
    const source = await makeTempDir('keep');
    try {
      const deleted: string[][] = [];
      for (const release of ['r1', 'r2', 'r3', 'r4']) {
        await writeFile(join(source.dir, 'app.css'), `/* ${release} */`);
        const result = await syncStatic({
          remote,
          source: source.dir,
          target: site.target,
          release,
          keep: 2,
        });
        deleted.push(result.deletedReleases);
      }
      expect(deleted).toEqual([[], [], ['r1'], ['r2']]);
      // Roll back to r3, then deploy r5: r3 is now the previous one and stays.
      await rollbackStatic({ remote, target: site.target });
      await writeFile(join(source.dir, 'app.css'), '/* r5 */');
      const r5 = await syncStatic({
        remote,
        source: source.dir,
        target: site.target,
        release: 'r5',
        keep: 2,
      });
      expect(r5).toMatchObject({ previous: 'r3', deletedReleases: ['r4'] });
      expect((await fetchText(site.url('app.css'))).text).toBe('/* r5 */');
      await rollbackStatic({ remote, target: site.target });
      expect((await fetchText(site.url('app.css'))).text).toBe('/* r3 */');
    } finally {
      await source.remove();
      await site.remove();
    }
  });

  it('migrates a plain static/ folder left by the guide’s scp, which then is a release to roll back to', async () => {
    const site = newSite(env);
    try {
      await mkdir(join(site.target, 'static/css'), { recursive: true });
      await writeFile(join(site.target, 'static/css/old.css'), '/* scp */');
      for (const path of [
        site.target,
        join(site.target, 'static'),
        join(site.target, 'static/css'),
      ]) {
        await chownToDeploy(path, env);
      }
      expect((await fetchText(site.url('css/old.css'))).text).toBe('/* scp */');
      const events: StaticSyncEvent[] = [];
      const result = await syncStatic({
        remote,
        source: collected,
        target: site.target,
        release: 'first',
        onEvent: (event) => events.push(event),
      });
      expect(result.migratedStaticTo).toMatch(/^legacy-\d{8}T\d{6}Z$/);
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'static_migrated',
          legacyRelease: result.migratedStaticTo,
        }),
      );
      expect((await lstat(join(site.target, 'static'))).isSymbolicLink()).toBe(true);
      expect((await fetchText(site.url('css/old.css'))).status).toBe(404);
      expect((await fetchText(site.url('admin/css/base.css'))).status).toBe(200);
      const back = await rollbackStatic({ remote, target: site.target });
      expect(back.release).toBe(result.migratedStaticTo);
      expect((await fetchText(site.url('css/old.css'))).text).toBe('/* scp */');
    } finally {
      await site.remove();
    }
  });

  it('SFTP transport (the fallback for servers without tar) builds the same release', async () => {
    const site = newSite(env);
    const second = await makeTempDir('sftp');
    try {
      const first = await syncStatic({
        remote,
        source: collected,
        target: site.target,
        release: 's1',
        transport: 'sftp',
      });
      expect(first).toMatchObject({ transport: 'sftp', uploadedFiles: fileCount });
      await cp(collected, second.dir, { recursive: true });
      await writeFile(join(second.dir, 'admin/js/core.js'), '// v2');
      await mkdir(join(second.dir, 'new/deep'), { recursive: true });
      await writeFile(join(second.dir, 'new/deep/file.txt'), 'new');
      const next = await syncStatic({
        remote,
        source: second.dir,
        target: site.target,
        release: 's2',
        transport: 'sftp',
      });
      expect(next).toMatchObject({ uploadedFiles: 2, reusedFiles: fileCount - 1 });
      expect((await fetchText(site.url('admin/js/core.js'))).text).toBe('// v2');
      expect((await fetchText(site.url('new/deep/file.txt'))).text).toBe('new');
      expect(await readFile(join(site.target, 'releases/s1/admin/js/core.js'), 'utf8')).not.toBe(
        '// v2',
      );
    } finally {
      await second.remove();
      await site.remove();
    }
  });

  it('nginx never answers 404 for a file present in both releases while syncs switch the link', async () => {
    const site = newSite(env);
    const source = await makeTempDir('loop');
    try {
      await cp(collected, source.dir, { recursive: true });
      await syncStatic({ remote, source: source.dir, target: site.target, release: 'loop0' });
      let running = true;
      let requests = 0;
      const failures: number[] = [];
      const loop = (async () => {
        while (running) {
          const response = await fetch(site.url('admin/css/base.css'));
          await response.arrayBuffer();
          requests++;
          if (response.status !== 200) failures.push(response.status);
        }
      })();
      for (let i = 1; i <= 8; i++) {
        await writeFile(join(source.dir, 'admin/css/base.css'), `/* switch ${i} */`);
        await syncStatic({
          remote,
          source: source.dir,
          target: site.target,
          release: `loop${i}`,
          keep: 3,
        });
      }
      running = false;
      await loop;
      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThan(50);
      expect((await fetchText(site.url('admin/css/base.css'))).text).toBe('/* switch 8 */');
    } finally {
      await source.remove();
      await site.remove();
    }
  });
});
