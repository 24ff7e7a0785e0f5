import { randomBytes } from 'node:crypto';
import { access, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exitCodeOf } from '@swarmlift/core';
import { connect } from '@swarmlift/remote';
import { describeIntegration, startPrivateSshd } from '@swarmlift/testkit';
import { expect, it } from 'vitest';
import { StaticSyncError, type StaticSyncEvent, syncStatic } from '../src/index.js';
import { fetchText, makeTempDir, newSite, rejectionOf, sshOptions } from './helpers.js';

describeIntegration('an upload cut off by a lost SSH connection', (env) => {
  it('leaves the live release serving, and the next sync completes', async () => {
    const sshd = await startPrivateSshd(env);
    const site = newSite(env);
    const source = await makeTempDir('cut');
    const options = sshOptions(env, {
      target: `ssh://${env.SSH_USER}@127.0.0.1:${sshd.port}`,
      hostKey: { fingerprint: sshd.hostKeys[0]?.fingerprint ?? '' },
    });
    const remote = await connect(options);
    try {
      await writeFile(join(source.dir, 'app.css'), '/* v1 */');
      await syncStatic({ remote, source: source.dir, target: site.target, release: 'v1' });

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
      const error = await rejectionOf(
        syncStatic({ remote, source: source.dir, target: site.target, release: 'v2', onEvent }),
      );
      expect(await killed).toBeGreaterThan(0);
      expect(error.code).toBe('STATIC_UPLOAD_FAILED');
      expect((error.cause as { code?: string }).code).toBe('SSH_CONNECTION_LOST');
      // A lost connection is "unreachable" (exit code 3), also through the wrapping.
      expect(exitCodeOf(error)).toBe(3);
      expect(StaticSyncError.isInstance(error)).toBe(true);
      expect(error.hint).toContain('releases/v1');
      expect(Math.max(...progress)).toBeLessThan(96 * 1024 * 1024);

      // The live site is untouched; the half release is only the hidden staging folder.
      expect(await readlink(join(site.target, 'static'))).toBe('releases/v1');
      expect(await fetchText(site.url('app.css'))).toEqual({ status: 200, text: '/* v1 */' });
      await access(join(site.target, 'releases/.incoming-v2'));
      await expect(access(join(site.target, 'releases/v2'))).rejects.toThrow();

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
    } finally {
      await remote.close();
      await sshd.stop();
      await source.remove();
      await site.remove();
    }
  });
});
