import { access, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exitCodeOf } from '@swarmlift/core';
import { connect, type Remote } from '@swarmlift/remote';
import {
  describeIntegration,
  expectRejection,
  sshConnectOptions,
  uniqueName,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StaticSyncError, syncStatic } from '../src/index.js';
import { chownToDeploy, makeTempDir, newSite } from './helpers.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describeIntegration('syncStatic refuses unsafe paths and targets before uploading', (env) => {
  let remote: Remote;
  let source: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    remote = await connect(sshConnectOptions(env));
    source = await makeTempDir('safe');
    await writeFile(join(source.dir, 'app.css'), 'body{}');
  });
  afterAll(async () => {
    await remote?.close();
    await source?.remove();
  });

  it('a symlink escaping the source fails before the server is touched', async () => {
    const site = newSite(env);
    const evil = await makeTempDir('evil');
    try {
      await writeFile(join(evil.dir, 'app.css'), 'ok');
      await symlink('/etc/passwd', join(evil.dir, 'passwd.css'));
      const error = await expectRejection(
        syncStatic({ remote, source: evil.dir, target: site.target, release: 'r1' }),
        { code: 'STATIC_PATH_INVALID', class: StaticSyncError },
      );
      expect(error.message).toContain('passwd.css');
      expect(await exists(site.target)).toBe(false);
    } finally {
      await evil.remove();
      await site.remove();
    }
  });

  it('traversal in the target or the release name is refused with the field named', async () => {
    const site = newSite(env);
    const cases = [
      { target: `${site.target}/../../../etc`, release: 'r1', code: 'STATIC_TARGET_INVALID' },
      { target: 'relative/path', release: 'r1', code: 'STATIC_TARGET_INVALID' },
      { target: '/etc/nginx', release: 'r1', code: 'STATIC_TARGET_NOT_ALLOWED' },
      { target: site.target, release: '../../escape', code: 'STATIC_RELEASE_INVALID' },
    ];
    for (const { target, release, code } of cases) {
      const error = await expectRejection(
        syncStatic({ remote, source: source.dir, target, release }),
        { code, class: StaticSyncError },
      );
      expect(exitCodeOf(error), `${target} ${release}`).toBe(2);
      expect(error.hint).toBeTruthy();
    }
    expect(await exists(site.target)).toBe(false);
  });

  it('a symlink on the server leading outside the allowed prefix is caught after realpath', async () => {
    const site = newSite(env);
    const outside = await makeTempDir('outside');
    try {
      await chownToDeploy(outside.dir, env);
      await symlink(outside.dir, site.target);
      const error = await expectRejection(
        syncStatic({
          remote,
          source: source.dir,
          target: site.target,
          release: 'r1',
          allowedPrefixes: [env.NGINX_TEST_STATIC_ROOT],
        }),
        { code: 'STATIC_TARGET_NOT_ALLOWED', class: StaticSyncError },
      );
      expect(error.message).toContain(outside.dir);
      expect(await exists(join(outside.dir, 'releases'))).toBe(false);
    } finally {
      await outside.remove();
      await site.remove();
    }
  });

  it('an unwritable target (or parent) fails before anything is uploaded', async () => {
    const site = newSite(env);
    try {
      await mkdir(site.target, { mode: 0o755 }); // owned by root, not by deploy
      await expectRejection(
        syncStatic({ remote, source: source.dir, target: site.target, release: 'r1' }),
        { code: 'STATIC_TARGET_NOT_WRITABLE', class: StaticSyncError },
      );
      await expectRejection(
        syncStatic({
          remote,
          source: source.dir,
          target: `${site.target}/${uniqueName('sub')}`,
          release: 'r1',
        }),
        { code: 'STATIC_TARGET_NOT_WRITABLE', class: StaticSyncError },
      );
      expect(await exists(join(site.target, 'releases'))).toBe(false);
    } finally {
      await site.remove();
    }
  });

  it('a tampered manifest on the server cannot make the sync touch paths outside the release', async () => {
    const site = newSite(env);
    try {
      await syncStatic({ remote, source: source.dir, target: site.target, release: 'r1' });
      const manifestPath = join(site.target, 'manifests/r1.tsv');
      const line = (await readFile(manifestPath, 'utf8')).trim();
      await writeFile(manifestPath, `${line}\n${'0'.repeat(64)}\t1\t../../../victim\n`);
      await writeFile(join(source.dir, 'app.css'), 'body{color:red}');
      const error = await expectRejection(
        syncStatic({ remote, source: source.dir, target: site.target, release: 'r2' }),
        { code: 'STATIC_PATH_INVALID', class: StaticSyncError },
      );
      expect(error.message).toContain('manifests/r1.tsv:2');
      expect(await readlink(join(site.target, 'static'))).toBe('releases/r1');
      expect(await exists(join(site.target, 'releases/.incoming-r2'))).toBe(false);
    } finally {
      await writeFile(join(source.dir, 'app.css'), 'body{}');
      await site.remove();
    }
  });
});
