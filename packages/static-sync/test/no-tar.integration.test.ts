import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '@swarmlift/remote';
import {
  describeIntegration,
  expectRejection,
  sshConnectOptions,
  startPrivateSshd,
  type TestEnv,
} from '@swarmlift/testkit';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { StaticSyncError, type StaticSyncEvent, syncStatic } from '../src/index.js';
import { fetchText, makeTempDir, newSite } from './helpers.js';

// What the server scripts use; tar and gzip are left out on purpose.
const TOOLS =
  'sh cat cp mkdir mv rm ln readlink realpath dirname find wc grep cut xargs date tail sed';

/**
 * A private sshd whose sessions get `PATH=<a folder without tar>` (sshd's
 * SetEnv), so the server looks like one without tar.
 */
async function startSshdWithoutTar(env: TestEnv) {
  const dir = await makeTempDir('notar-sshd');
  await chmod(dir.dir, 0o755);
  const bin = join(dir.dir, 'bin');
  await mkdir(bin, { mode: 0o755 });
  for (const tool of TOOLS.split(' ')) {
    const { stdout } = await execa('sh', ['-c', `command -v ${tool}`]);
    await symlink(stdout.trim(), join(bin, tool));
  }
  const sshd = await startPrivateSshd(env, { extraConfig: [`SetEnv PATH=${bin}`] });
  return {
    port: sshd.port,
    fingerprint: sshd.hostKeys[0]?.fingerprint ?? '',
    async stop() {
      await sshd.stop();
      await dir.remove();
    },
  };
}

describeIntegration('a server without tar', (env) => {
  it('is detected, and the sync goes through SFTP (incrementally) instead', async () => {
    const sshd = await startSshdWithoutTar(env);
    const site = newSite(env);
    const source = await makeTempDir('notar');
    const remote = await connect(
      sshConnectOptions(env, {
        target: `ssh://${env.SSH_USER}@127.0.0.1:${sshd.port}`,
        hostKey: { fingerprint: sshd.fingerprint },
      }),
    );
    try {
      const probe = await remote.exec(['sh', '-c', 'command -v tar || echo none']);
      expect(probe.stdout.trim()).toBe('none');

      await writeFile(join(source.dir, 'a.css'), '/* a1 */');
      await writeFile(join(source.dir, 'b.css'), '/* b */');
      const events: StaticSyncEvent[] = [];
      const first = await syncStatic({
        remote,
        source: source.dir,
        target: site.target,
        release: 'n1',
        onEvent: (event) => events.push(event),
      });
      expect(first).toMatchObject({ transport: 'sftp', uploadedFiles: 2 });
      expect(events.find((e) => e.type === 'sync_planned')).toMatchObject({ transport: 'sftp' });

      await writeFile(join(source.dir, 'a.css'), '/* a2 */');
      const next = await syncStatic({
        remote,
        source: source.dir,
        target: site.target,
        release: 'n2',
      });
      expect(next).toMatchObject({ transport: 'sftp', uploadedFiles: 1, reusedFiles: 1 });
      expect(await fetchText(site.url('a.css'))).toEqual({ status: 200, text: '/* a2 */' });
      expect(await fetchText(site.url('b.css'))).toEqual({ status: 200, text: '/* b */' });

      await expectRejection(
        syncStatic({
          remote,
          source: source.dir,
          target: site.target,
          release: 'n3',
          transport: 'tar',
        }),
        { code: 'STATIC_TOOLS_MISSING', class: StaticSyncError },
      );
    } finally {
      await remote.close();
      await sshd.stop();
      await source.remove();
      await site.remove();
    }
  });
});
