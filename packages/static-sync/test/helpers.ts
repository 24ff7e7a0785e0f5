import { execFile } from 'node:child_process';
import { chown, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type TestEnv, uniqueName } from '@swarmlift/testkit';

/** Debian's Django 3.2 (the pyenv python3 first on PATH has no Django). */
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const ADMIN_STATIC = '/usr/lib/python3/dist-packages/django/contrib/admin/static';

/** A target folder served by the test nginx at http://127.0.0.1:NGINX_PORT/t/<name>/static/. */
export function newSite(env: TestEnv, label = 'static') {
  const name = uniqueName(label);
  const target = `${env.NGINX_TEST_STATIC_ROOT}/${name}`;
  return {
    name,
    target,
    url: (path: string) => `http://127.0.0.1:${env.NGINX_PORT}/t/${name}/static/${path}`,
    /** Same machine, and the tests run as root: remove it directly. */
    remove: () => rm(target, { recursive: true, force: true }),
  };
}

export async function fetchText(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

/** A minimal Django project whose collectstatic gathers the admin's files into ./staticfiles. */
export async function writeDjangoProject(dir: string): Promise<void> {
  await mkdir(join(dir, 'site_settings'), { recursive: true });
  await writeFile(join(dir, 'site_settings', '__init__.py'), '');
  await writeFile(
    join(dir, 'site_settings', 'settings.py'),
    [
      'from pathlib import Path',
      'BASE_DIR = Path(__file__).resolve().parent.parent',
      "SECRET_KEY = 'collectstatic-only'",
      'INSTALLED_APPS = [',
      "    'django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes',",
      "    'django.contrib.sessions', 'django.contrib.messages', 'django.contrib.staticfiles',",
      ']',
      "STATIC_URL = '/static/'",
      'import os',
      "STATIC_ROOT = BASE_DIR / os.environ.get('STATIC_ROOT_NAME', 'staticfiles')",
      '# A slow start on demand, for the tests that stop collectstatic midway.',
      'import time',
      "time.sleep(float(os.environ.get('SETTINGS_SLEEP', '0')))",
      '',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'manage.py'),
    [
      'import os, sys',
      "if __name__ == '__main__':",
      "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_settings.settings')",
      '    from django.core.management import execute_from_command_line',
      '    execute_from_command_line(sys.argv)',
      '',
    ].join('\n'),
  );
}

/** A copy of Django admin's static files (links into /usr/share/javascript followed), as collectstatic leaves them. */
export async function adminStaticCopy(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sltest-src-'));
  await cp(ADMIN_STATIC, dir, { recursive: true, dereference: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function makeTempDir(label: string) {
  const dir = await mkdtemp(join(tmpdir(), `sltest-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export const run = promisify(execFile);

/** The deploy user's uid/gid, to hand folders made here (as root) to it. */
export async function chownToDeploy(path: string, env: TestEnv): Promise<void> {
  const { stdout } = await run('id', ['-u', env.SSH_USER]);
  const { stdout: gid } = await run('id', ['-g', env.SSH_USER]);
  await chown(path, Number(stdout.trim()), Number(gid.trim()));
}
