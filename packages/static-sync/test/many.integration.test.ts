import { access, mkdir, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, type Remote } from '@swarmlift/remote';
import { describeIntegration, expectRejection, sshConnectOptions } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  activateStatic,
  type StaticSyncEvent,
  SyncStaticToManyError,
  syncStaticToMany,
} from '../src/index.js';
import { fetchText, makeTempDir, newSite } from './helpers.js';

describeIntegration(
  'syncStaticToMany: several nginx hosts switch together or not at all',
  (env) => {
    // Two sessions stand for two hosts; each gets its own site folder on this machine.
    let hostA: Remote;
    let hostB: Remote;
    let source: Awaited<ReturnType<typeof makeTempDir>>;

    beforeAll(async () => {
      [hostA, hostB] = await Promise.all([
        connect(sshConnectOptions(env)),
        connect(sshConnectOptions(env)),
      ]);
      source = await makeTempDir('many');
    });
    afterAll(async () => {
      await Promise.all([hostA?.close(), hostB?.close()]);
      await source?.remove();
    });

    it('uploads to every host, then switches every link', async () => {
      const [siteA, siteB] = [newSite(env, 'many-a'), newSite(env, 'many-b')];
      try {
        await writeFile(join(source.dir, 'app.css'), '/* one */');
        const result = await syncStaticToMany({
          remotes: [
            { remote: hostA, target: siteA.target },
            { remote: hostB, target: siteB.target },
          ],
          source: source.dir,
          release: 'one',
        });
        expect(result.hosts).toHaveLength(2);
        expect(result.hosts.map((h) => [h.release, h.uploadedFiles])).toEqual([
          ['one', 1],
          ['one', 1],
        ]);
        for (const site of [siteA, siteB]) {
          expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* one */' });
        }
      } finally {
        await Promise.all([siteA.remove(), siteB.remove()]);
      }
    });

    it('with activate: false every host gets the release staged, no link moves; activateStatic per host switches', async () => {
      const [siteA, siteB] = [newSite(env, 'many-a'), newSite(env, 'many-b')];
      const remotes = [
        { remote: hostA, target: siteA.target },
        { remote: hostB, target: siteB.target },
      ];
      try {
        await writeFile(join(source.dir, 'app.css'), '/* one */');
        await syncStaticToMany({ remotes, source: source.dir, release: 'one' });
        await writeFile(join(source.dir, 'app.css'), '/* two */');
        const staged = await syncStaticToMany({
          remotes,
          source: source.dir,
          release: 'two',
          activate: false,
        });
        expect(staged.hosts.map((h) => [h.activated, h.previous, h.uploadedFiles])).toEqual([
          [false, 'one', 1],
          [false, 'one', 1],
        ]);
        for (const site of [siteA, siteB]) {
          expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* one */' });
        }
        for (const { remote, target } of remotes) {
          expect(await activateStatic({ remote, target, release: 'two' })).toMatchObject({
            previous: 'one',
            switched: true,
          });
        }
        for (const site of [siteA, siteB]) {
          expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* two */' });
        }
      } finally {
        await Promise.all([siteA.remove(), siteB.remove()]);
      }
    });

    it('when one host fails, no link moves and the staged release is removed from the others', async () => {
      const [siteA, siteB] = [newSite(env, 'many-a'), newSite(env, 'many-b')];
      try {
        await writeFile(join(source.dir, 'app.css'), '/* one */');
        await syncStaticToMany({
          remotes: [{ remote: hostA, target: siteA.target }],
          source: source.dir,
          release: 'one',
        });
        await mkdir(siteB.target, { mode: 0o755 }); // root's: the deploy user cannot write there
        await writeFile(join(source.dir, 'app.css'), '/* two */');
        const events: StaticSyncEvent[] = [];
        const error = await expectRejection(
          syncStaticToMany({
            remotes: [
              { remote: hostA, target: siteA.target },
              { remote: hostB, target: siteB.target },
            ],
            source: source.dir,
            release: 'two',
            onEvent: (event) => events.push(event),
          }),
          { code: 'STATIC_SYNC_MANY_FAILED', class: SyncStaticToManyError },
        );
        expect(error.message).toContain('not writable');
        expect(error.message).toContain('1 of 2 hosts');
        expect(events).toContainEqual(
          expect.objectContaining({ type: 'staged_release_discarded', release: 'two' }),
        );
        expect(events.map((e) => e.type)).not.toContain('release_switched');
        expect(await readlink(join(siteA.target, 'static'))).toBe('releases/one');
        expect(await fetchText(siteA.url('app.css'))).toEqual({ status: 200, text: '/* one */' });
        await expect(access(join(siteA.target, 'releases/two'))).rejects.toThrow();
        await expect(access(join(siteA.target, 'manifests/two.tsv'))).rejects.toThrow();
      } finally {
        await Promise.all([siteA.remove(), siteB.remove()]);
      }
    });
  },
);
