import { spawn } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { connect } from '@swarmlift/remote';
import { describeIntegration, freePort } from '@swarmlift/testkit';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { type StaticSyncEvent, syncStatic } from '../src/index.js';
import { fetchText, makeTempDir, newSite, rejectionOf, sshOptions } from './helpers.js';

// What the server scripts use; tar and gzip are left out on purpose.
const TOOLS =
  'sh cat cp mkdir mv rm ln readlink realpath dirname find wc grep cut xargs date tail sed';

/**
 * An sshd whose sessions get `PATH=<a folder without tar>` (sshd's SetEnv), so
 * the server looks like one without tar. testkit's private sshd takes no extra
 * settings, hence this small one.
 */
async function startSshdWithoutTar(env: Parameters<typeof sshOptions>[0]) {
  const dir = await makeTempDir('notar-sshd');
  await chmod(dir.dir, 0o755);
  const bin = join(dir.dir, 'bin');
  await mkdir(bin, { mode: 0o755 });
  for (const tool of TOOLS.split(' ')) {
    const { stdout } = await execa('sh', ['-c', `command -v ${tool}`]);
    await symlink(stdout.trim(), join(bin, tool));
  }
  const key = join(dir.dir, 'host_ed25519');
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  const fingerprint = (await execa('ssh-keygen', ['-lf', `${key}.pub`])).stdout.split(/\s+/)[1];
  const port = await freePort();
  const config = join(dir.dir, 'sshd_config');
  await writeFile(
    config,
    [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${key}`,
      `PidFile ${join(dir.dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      `AllowUsers ${env.SSH_USER}`,
      'Subsystem sftp internal-sftp',
      `SetEnv PATH=${bin}`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    'setpriv',
    ['--pdeathsig', 'KILL', '/usr/sbin/sshd', '-D', '-e', '-f', config],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; ; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connectTcp(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (i > 200) throw new Error(`sshd did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    fingerprint: fingerprint ?? '',
    async stop() {
      child.kill('SIGTERM');
      await exited;
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
      sshOptions(env, {
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

      const forced = await rejectionOf(
        syncStatic({
          remote,
          source: source.dir,
          target: site.target,
          release: 'n3',
          transport: 'tar',
        }),
      );
      expect(forced.code).toBe('REMOTE_TOOLS_MISSING');
    } finally {
      await remote.close();
      await sshd.stop();
      await source.remove();
      await site.remove();
    }
  });
});
