import { randomBytes } from 'node:crypto';
import { readdir, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CancelledError, TimedOutError } from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import { describeIntegration, expectRejection, sshConnectOptions } from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  rollbackStatic,
  type StaticSyncEvent,
  syncStatic,
  syncStaticToMany,
} from '../src/index.js';
import { fetchText, makeTempDir, newSite } from './helpers.js';

const BIG = 64 * 1024 * 1024;

/** What is in the site folder besides the live link: releases and manifests. */
async function layout(target: string) {
  return {
    link: await readlink(join(target, 'static')),
    releases: (await readdir(join(target, 'releases'))).sort(),
    manifests: (await readdir(join(target, 'manifests'))).sort(),
  };
}

describeIntegration('syncStatic stopped by an abort or its timeoutMs', (env) => {
  let remote: Remote;
  let source: Awaited<ReturnType<typeof makeTempDir>>;
  const site = newSite(env, 'cancel');
  const v1 = { link: 'releases/v1', releases: ['v1'], manifests: ['v1.tsv'] };

  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
    source = await makeTempDir('cancel');
  });
  afterAll(async () => {
    await remote?.close();
    await source?.remove();
    await site.remove();
  });

  it('v1 goes live', async () => {
    await writeFile(join(source.dir, 'app.css'), '/* v1 */');
    await syncStatic({ remote, source: source.dir, target: site.target, release: 'v1' });
    expect(await layout(site.target)).toEqual(v1);
    // 64 MB that gzip cannot shrink: the next uploads last long enough to be stopped midway.
    await writeFile(join(source.dir, 'big.bin'), randomBytes(BIG));
    await writeFile(join(source.dir, 'app.css'), '/* v2 */');
  });

  /** A sync of v2 whose signal aborts at the first event of type `at`: CANCELLED, and the events' types. */
  const syncAbortedAt = async (at: StaticSyncEvent['type'], transport: 'tar' | 'sftp' = 'tar') => {
    const controller = new AbortController();
    const types: string[] = [];
    await expectRejection(
      syncStatic({
        remote,
        source: source.dir,
        target: site.target,
        release: 'v2',
        transport,
        signal: controller.signal,
        onEvent: (event) => {
          types.push(event.type);
          if (event.type === at) controller.abort();
        },
      }),
      { code: 'CANCELLED', class: CancelledError },
    );
    return types;
  };

  it('an abort during the upload rejects with CANCELLED and removes the staged release', async () => {
    const types = await syncAbortedAt('upload_progress');
    expect(types).not.toContain('upload_finished');
    expect(types).toContain('staged_release_discarded');
    expect(types).not.toContain('warning');
  });

  it('after it, the link still points to v1 and nothing of v2 is on the server', async () => {
    expect(await layout(site.target)).toEqual(v1);
    expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* v1 */' });
  });

  it('an abort once v2 is staged, before the switch, removes the finished release folder', async () => {
    const types = await syncAbortedAt('release_staged');
    expect(types).toContain('upload_finished');
    expect(types).not.toContain('release_switched');
    expect(types).toContain('staged_release_discarded');
    expect(await layout(site.target)).toEqual(v1);
    expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* v1 */' });
  });

  it('an abort during an SFTP upload (servers without tar) cleans up the same way', async () => {
    const types = await syncAbortedAt('upload_progress', 'sftp');
    expect(types).toContain('staged_release_discarded');
    expect(await layout(site.target)).toEqual(v1);
  });

  it('past its timeoutMs in the upload, a sync rejects with TIMED_OUT and leaves v1 alone', async () => {
    const events: StaticSyncEvent[] = [];
    await expectRejection(
      syncStatic({
        remote,
        source: source.dir,
        target: site.target,
        release: 'v2',
        // Hashing 64 MB (in the hash cache since the runs above) is quick; the upload takes seconds.
        timeoutMs: 1_500,
        onEvent: (event) => events.push(event),
      }),
      { code: 'TIMED_OUT', class: TimedOutError },
    );
    expect(events.map((event) => event.type)).toContain('sync_planned');
    expect(await layout(site.target)).toEqual(v1);
  });

  it('an already aborted signal is refused before the server is touched', async () => {
    await expectRejection(
      rollbackStatic({ remote, target: site.target, to: 'v1', signal: AbortSignal.abort() }),
      { code: 'CANCELLED', class: CancelledError },
    );
    await expectRejection(
      syncStatic({
        remote,
        source: source.dir,
        target: `${site.target}-never`,
        release: 'v2',
        signal: AbortSignal.abort(),
      }),
      { code: 'CANCELLED', class: CancelledError },
    );
  });

  it('the next sync completes and v2 goes live', async () => {
    const result = await syncStatic({
      remote,
      source: source.dir,
      target: site.target,
      release: 'v2',
    });
    expect(result).toMatchObject({ previous: 'v1', uploadedFiles: 2, reusedFiles: 0 });
    expect(await layout(site.target)).toEqual({
      link: 'releases/v2',
      releases: ['v1', 'v2'],
      manifests: ['v1.tsv', 'v2.tsv'],
    });
    expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* v2 */' });
  });
});

describeIntegration('syncStaticToMany aborted before the switch', (env) => {
  it('removes the release staged on every host and switches no link', async () => {
    const [hostA, hostB] = await Promise.all([
      connect(sshConnectOptions(env)),
      connect(sshConnectOptions(env)),
    ]);
    const [siteA, siteB] = [newSite(env, 'cancel-a'), newSite(env, 'cancel-b')];
    const source = await makeTempDir('cancel-many');
    try {
      const remotes = [
        { remote: hostA, target: siteA.target },
        { remote: hostB, target: siteB.target },
      ];
      await writeFile(join(source.dir, 'app.css'), '/* one */');
      await syncStaticToMany({ remotes, source: source.dir, release: 'one' });
      await writeFile(join(source.dir, 'app.css'), '/* two */');
      const controller = new AbortController();
      const events: StaticSyncEvent[] = [];
      await expectRejection(
        syncStaticToMany({
          remotes,
          source: source.dir,
          release: 'two',
          signal: controller.signal,
          onEvent: (event) => {
            events.push(event);
            if (events.filter((e) => e.type === 'release_staged').length === 2) {
              controller.abort();
            }
          },
        }),
        { code: 'CANCELLED', class: CancelledError },
      );
      expect(events.filter((e) => e.type === 'staged_release_discarded')).toHaveLength(2);
      for (const site of [siteA, siteB]) {
        expect(await layout(site.target)).toEqual({
          link: 'releases/one',
          releases: ['one'],
          manifests: ['one.tsv'],
        });
      }
    } finally {
      await Promise.all([hostA.close(), hostB.close()]);
      await Promise.all([siteA.remove(), siteB.remove(), source.remove()]);
    }
  });
});
