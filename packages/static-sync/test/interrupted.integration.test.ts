import { randomBytes } from 'node:crypto';
import { access, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exitCodeOf } from '@swarmlift/core';
import { type ConnectOptions, connect, type Remote } from '@swarmlift/remote';
import {
  describeIntegration,
  expectRejection,
  sshConnectOptions,
  startPrivateSshd,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StaticSyncError, type StaticSyncEvent, syncStatic } from '../src/index.js';
import { fetchText, makeTempDir, newSite } from './helpers.js';

describeIntegration('an upload cut off by a lost SSH connection', (env) => {
  let sshd: Awaited<ReturnType<typeof startPrivateSshd>>;
  let options: ConnectOptions;
  let remote: Remote;
  const site = newSite(env);
  let source: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    sshd = await startPrivateSshd(env);
    source = await makeTempDir('cut');
    options = sshConnectOptions(env, {
      target: `ssh://${env.SSH_USER}@127.0.0.1:${sshd.port}`,
      hostKey: { fingerprint: sshd.hostKeys[0]?.fingerprint ?? '' },
    });
    remote = await connect(options);
  });
  afterAll(async () => {
    await remote?.close();
    await sshd?.stop();
    await source?.remove();
    await site.remove();
  });

  it('v1 goes live', async () => {
    await writeFile(join(source.dir, 'app.css'), '/* v1 */');
    await syncStatic({ remote, source: source.dir, target: site.target, release: 'v1' });
  });

  it('killing the SSH sessions mid-upload is STATIC_UPLOAD_FAILED, unreachable, naming the live release', async () => {
    // 96 MB that gzip cannot shrink: the upload lasts long enough to be cut in the middle.
    await writeFile(join(source.dir, 'big.bin'), randomBytes(96 * 1024 * 1024));
    await writeFile(join(source.dir, 'app.css'), '/* v2 */');
    let killed: Promise<number> | undefined;
    const progress: number[] = [];
    const onEvent = (event: StaticSyncEvent) => {
      if (event.type !== 'upload_progress') return;
      progress.push(event.sentBytes);
      killed ??= sshd.killSessions();
    };
    const error = await expectRejection(
      syncStatic({ remote, source: source.dir, target: site.target, release: 'v2', onEvent }),
      { code: 'STATIC_UPLOAD_FAILED', class: StaticSyncError },
    );
    expect(await killed).toBeGreaterThan(0);
    expect((error.cause as { code?: string }).code).toBe('SSH_CONNECTION_LOST');
    // A lost connection is "unreachable" (exit code 3), also through the wrapping.
    expect(exitCodeOf(error)).toBe(3);
    expect(StaticSyncError.isInstance(error)).toBe(true);
    expect(error.hint).toContain('releases/v1');
    expect(Math.max(...progress)).toBeLessThan(96 * 1024 * 1024);
  });

  it('the live site is untouched; the half release is only the hidden staging folder', async () => {
    expect(await readlink(join(site.target, 'static'))).toBe('releases/v1');
    expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* v1 */' });
    await access(join(site.target, 'releases/.incoming-v2'));
    await expect(access(join(site.target, 'releases/v2'))).rejects.toThrow();
  });

  it('the next sync, on a new session, removes the leftover and completes', async () => {
    const again = await connect(options);
    try {
      const result = await syncStatic({
        remote: again,
        source: source.dir,
        target: site.target,
        release: 'v2',
      });
      expect(result).toMatchObject({ uploadedFiles: 2, reusedFiles: 0, previous: 'v1' });
    } finally {
      await again.close();
    }
    expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* v2 */' });
    expect((await stat(join(site.target, 'releases/v2/big.bin'))).size).toBe(96 * 1024 * 1024);
    await expect(access(join(site.target, 'releases/.incoming-v2'))).rejects.toThrow();
  });
});
