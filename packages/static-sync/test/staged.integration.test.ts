import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CancelledError } from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import { describeIntegration, expectRejection, sshConnectOptions } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  activateStatic,
  planStatic,
  readStaticState,
  rollbackStatic,
  StaticSyncError,
  type StaticSyncEvent,
  syncStatic,
} from '../src/index.js';
import { chownToDeploy, fetchText, makeTempDir, newSite } from './helpers.js';

/** Every path under `root` with its type, size, mtime and ctime (and a link's target): any write changes it. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const info = await lstat(path);
      const kind = info.isSymbolicLink()
        ? `link:${await readlink(path)}`
        : info.isDirectory()
          ? 'dir'
          : 'file';
      out[`${prefix}${name}`] = `${kind}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
      if (info.isDirectory()) await walk(path, `${prefix}${name}/`);
    }
  };
  await walk(root, '');
  return out;
}

/** The live link and the release folders and manifests present. */
async function layout(target: string) {
  return {
    link: await readlink(join(target, 'static')),
    releases: (await readdir(join(target, 'releases'))).sort(),
    manifests: (await readdir(join(target, 'manifests'))).sort(),
  };
}

describeIntegration(
  'staged releases: stage, plan, activate, roll back (the CLI pipeline)',
  (env) => {
    let remote: Remote;
    let source: Awaited<ReturnType<typeof makeTempDir>>;
    const site = newSite(env, 'staged');
    const v1 = { link: 'releases/v1', releases: ['v1'], manifests: ['v1.tsv'] };

    beforeAll(async () => {
      remote = await connect(sshConnectOptions(env));
      source = await makeTempDir('staged');
      await writeFile(join(source.dir, 'app.css'), '/* v1 */');
      await writeFile(join(source.dir, 'old.js'), '// only in v1');
      await mkdir(join(source.dir, 'img'));
      await writeFile(join(source.dir, 'img/logo.svg'), '<svg/>');
    });
    afterAll(async () => {
      await remote?.close();
      await source?.remove();
      await site.remove();
    });

    it('readStaticState of a target that does not exist yet: nothing live, and nothing created', async () => {
      expect(await readStaticState({ remote, target: site.target })).toEqual({
        live: undefined,
        previous: undefined,
        releases: [],
        staged: [],
        history: [],
        layout: 'none',
      });
      const plan = await planStatic({ remote, source: source.dir, target: site.target });
      expect(plan).toMatchObject({
        live: undefined,
        releaseStatus: 'new',
        files: 3,
        uploadFiles: 3,
        reusedFiles: 0,
        transport: 'tar',
        migratesStatic: false,
      });
      await expect(lstat(site.target)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('v1 goes live with syncStatic as before (activated: true)', async () => {
      const result = await syncStatic({
        remote,
        source: source.dir,
        target: site.target,
        release: 'v1',
      });
      expect(result).toMatchObject({ release: 'v1', activated: true, previous: undefined });
      expect(await layout(site.target)).toEqual(v1);
      expect(await readStaticState({ remote, target: site.target })).toEqual({
        live: 'v1',
        previous: undefined,
        releases: ['v1'],
        staged: [],
        history: ['v1'],
        layout: 'releases',
      });
    });

    it('planStatic counts what a sync of the changed source would upload, and writes nothing', async () => {
      await writeFile(join(source.dir, 'app.css'), '/* v2, longer */');
      await writeFile(join(source.dir, 'new.js'), '// new in v2');
      await rm(join(source.dir, 'old.js'));
      const before = await snapshot(site.target);
      const plan = await planStatic({
        remote,
        source: source.dir,
        target: site.target,
        release: 'v2',
      });
      expect(plan).toMatchObject({
        live: 'v1',
        release: 'v2',
        releaseStatus: 'new',
        files: 3,
        bytes: '/* v2, longer */'.length + '// new in v2'.length + '<svg/>'.length,
        uploadFiles: 2,
        uploadBytes: '/* v2, longer */'.length + '// new in v2'.length,
        reusedFiles: 1,
        deletedFiles: 1,
        transport: 'tar',
      });
      // A name already taken by other files: the sync would fail, the plan says so.
      expect(
        await planStatic({ remote, source: source.dir, target: site.target, release: 'v1' }),
      ).toMatchObject({ releaseStatus: 'conflict' });
      expect(await readStaticState({ remote, target: site.target })).toMatchObject({ live: 'v1' });
      expect(await snapshot(site.target)).toEqual(before);
    });

    it('syncStatic with activate: false stages v2; nginx still serves v1', async () => {
      const events: StaticSyncEvent[] = [];
      const staged = await syncStatic({
        remote,
        source: source.dir,
        target: site.target,
        release: 'v2',
        activate: false,
        onEvent: (event) => events.push(event),
      });
      expect(staged).toMatchObject({
        release: 'v2',
        activated: false,
        previous: 'v1',
        uploadedFiles: 2,
        reusedFiles: 1,
        deletedReleases: [],
      });
      expect(events.map((e) => e.type)).toContain('release_staged');
      expect(events.map((e) => e.type)).not.toContain('release_switched');
      expect(await layout(site.target)).toEqual({
        link: 'releases/v1',
        releases: ['v1', 'v2'],
        manifests: ['v1.tsv', 'v2.tsv'],
      });
      expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* v1 */' });
      expect(await fetchText(site.url('new.js'))).toMatchObject({ status: 404 });
      expect(await readStaticState({ remote, target: site.target })).toMatchObject({
        live: 'v1',
        releases: ['v1', 'v2'],
        staged: ['v2'],
      });
      // Planned again, the staged release is "present": nothing would travel.
      expect(
        await planStatic({ remote, source: source.dir, target: site.target, release: 'v2' }),
      ).toMatchObject({ releaseStatus: 'present', uploadFiles: 0, transport: 'none' });
    });

    it('activateStatic switches to v2: nginx serves the new files', async () => {
      const events: StaticSyncEvent[] = [];
      const result = await activateStatic({
        remote,
        target: site.target,
        release: 'v2',
        onEvent: (event) => events.push(event),
      });
      expect(result).toMatchObject({
        release: 'v2',
        previous: 'v1',
        switched: true,
        deletedReleases: [],
      });
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'release_switched', release: 'v2', previous: 'v1' }),
      );
      expect(await fetchText(site.url('app.css'))).toEqual({
        status: 200,
        text: '/* v2, longer */',
      });
      expect(await fetchText(site.url('new.js'))).toEqual({ status: 200, text: '// new in v2' });
      expect(await fetchText(site.url('old.js'))).toMatchObject({ status: 404 });
    });

    it('activating the live release again is a no-op that says so', async () => {
      const events: StaticSyncEvent[] = [];
      const before = await snapshot(site.target);
      const again = await activateStatic({
        remote,
        target: site.target,
        release: 'v2',
        onEvent: (event) => events.push(event),
      });
      expect(again).toMatchObject({ release: 'v2', previous: 'v2', switched: false });
      expect(events.map((e) => e.type)).toEqual(['release_already_live']);
      expect(await snapshot(site.target)).toEqual(before);
    });

    it('on a failed wait, rollbackStatic goes back to v1, and the state says so', async () => {
      expect(await rollbackStatic({ remote, target: site.target, to: 'v1' })).toEqual({
        release: 'v1',
        previous: 'v2',
      });
      expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* v1 */' });
      expect(await readStaticState({ remote, target: site.target })).toMatchObject({
        live: 'v1',
        previous: 'v2',
        releases: ['v1', 'v2'],
        staged: [],
      });
    });

    it('activating a missing release fails with STATIC_RELEASE_MISSING and changes nothing', async () => {
      const before = await snapshot(site.target);
      const error = await expectRejection(
        activateStatic({ remote, target: site.target, release: 'nope' }),
        { code: 'STATIC_RELEASE_MISSING', class: StaticSyncError },
      );
      expect(error.message).toContain('nope');
      expect(error.hint).toContain('releases/v1');
      expect(await snapshot(site.target)).toEqual(before);
    });

    it('an incomplete release (no manifest, or files missing) is STATIC_RELEASE_INCOMPLETE; the link stays', async () => {
      // What an interrupted hand copy could leave: a folder without its manifest…
      const broken = join(site.target, 'releases/broken');
      await mkdir(broken);
      await writeFile(join(broken, 'app.css'), '/* broken */');
      await chownToDeploy(broken, env);
      await expectRejection(activateStatic({ remote, target: site.target, release: 'broken' }), {
        code: 'STATIC_RELEASE_INCOMPLETE',
        class: StaticSyncError,
      });
      // …or with a manifest that lists more files than the folder holds.
      const line = (path: string) => `${'0'.repeat(64)}\t1\t${path}\n`;
      await writeFile(
        join(site.target, 'manifests/broken.tsv'),
        line('app.css') + line('missing.js'),
      );
      const error = await expectRejection(
        activateStatic({ remote, target: site.target, release: 'broken' }),
        { code: 'STATIC_RELEASE_INCOMPLETE', class: StaticSyncError },
      );
      expect(error.message).toContain('1 files');
      expect(await readlink(join(site.target, 'static'))).toBe('releases/v1');
      expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* v1 */' });
      await rm(broken, { recursive: true });
      await rm(join(site.target, 'manifests/broken.tsv'));
    });

    it('an abort while staging (activate: false) removes what was staged; the live link is untouched', async () => {
      await writeFile(join(source.dir, 'big.bin'), randomBytes(32 * 1024 * 1024));
      const before = await layout(site.target);
      for (const at of ['upload_progress', 'release_staged'] as const) {
        const controller = new AbortController();
        const types: string[] = [];
        await expectRejection(
          syncStatic({
            remote,
            source: source.dir,
            target: site.target,
            release: 'v3',
            activate: false,
            signal: controller.signal,
            onEvent: (event) => {
              types.push(event.type);
              if (event.type === at) controller.abort();
            },
          }),
          { code: 'CANCELLED', class: CancelledError },
        );
        expect(types).toContain('staged_release_discarded');
        expect(types).not.toContain('release_switched');
        expect(await layout(site.target)).toEqual(before);
        expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* v1 */' });
      }
      await rm(join(source.dir, 'big.bin'));
    });

    it('a staged release is not pruned by another deploy that goes live meanwhile, and activates after it', async () => {
      // v3 staged (say, deploy A waits for the stack lock); deploy B syncs v4 live with keep: 2.
      await syncStatic({
        remote,
        source: source.dir,
        target: site.target,
        release: 'v3',
        activate: false,
      });
      await writeFile(join(source.dir, 'app.css'), '/* v4 */');
      const v4 = await syncStatic({
        remote,
        source: source.dir,
        target: site.target,
        release: 'v4',
        keep: 2,
      });
      // Kept: v4 (live), v1 (live before), v3 (staged an instant ago); pruned: v2.
      expect(v4).toMatchObject({ activated: true, previous: 'v1', deletedReleases: ['v2'] });
      const activated = await activateStatic({
        remote,
        target: site.target,
        release: 'v3',
        keep: 2,
      });
      expect(activated).toMatchObject({ previous: 'v4', switched: true, deletedReleases: ['v1'] });
      expect(await layout(site.target)).toEqual({
        link: 'releases/v3',
        releases: ['v3', 'v4'],
        manifests: ['v3.tsv', 'v4.tsv'],
      });
      expect(await fetchText(site.url('app.css'))).toEqual({
        status: 200,
        text: '/* v2, longer */',
      });
    });
  },
);

describeIntegration('staging over a plain static/ folder left by the guide’s scp', (env) => {
  it('plan says it migrates, staging leaves the folder served, activation migrates and switches', async () => {
    const remote = await connect(sshConnectOptions(env));
    const site = newSite(env, 'staged-legacy');
    const source = await makeTempDir('staged-legacy');
    try {
      await mkdir(join(site.target, 'static'), { recursive: true });
      await writeFile(join(site.target, 'static/app.css'), '/* scp */');
      for (const path of [site.target, join(site.target, 'static')]) {
        await chownToDeploy(path, env);
      }
      await writeFile(join(source.dir, 'app.css'), '/* first release */');
      expect(await readStaticState({ remote, target: site.target })).toMatchObject({
        live: undefined,
        layout: 'plain',
      });
      expect(
        await planStatic({ remote, source: source.dir, target: site.target, release: 'first' }),
      ).toMatchObject({ live: undefined, migratesStatic: true, uploadFiles: 1 });
      const staged = await syncStatic({
        remote,
        source: source.dir,
        target: site.target,
        release: 'first',
        activate: false,
      });
      expect(staged).toMatchObject({ activated: false, previous: undefined });
      expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* scp */' });
      const activated = await activateStatic({ remote, target: site.target, release: 'first' });
      expect(activated.migratedStaticTo).toMatch(/^legacy-\d{8}T\d{6}Z$/);
      expect(activated).toMatchObject({ previous: activated.migratedStaticTo, switched: true });
      expect(await fetchText(site.url('app.css'))).toEqual({
        status: 200,
        text: '/* first release */',
      });
      // The failed-wait path: back to the scp folder, now a release.
      await rollbackStatic({ remote, target: site.target, to: activated.previous as string });
      expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* scp */' });
    } finally {
      await remote.close();
      await source.remove();
      await site.remove();
    }
  });
});
