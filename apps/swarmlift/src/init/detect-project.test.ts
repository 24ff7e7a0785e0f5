import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { chooseAppDir, detectProject, settingsModuleOf } from './detect-project.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'guide');

describe('settingsModuleOf', () => {
  it("reads the module Django's startproject writes, in either quotes", () => {
    expect(
      settingsModuleOf('os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")'),
    ).toBe('core.settings');
    expect(
      settingsModuleOf("os.environ.setdefault('DJANGO_SETTINGS_MODULE','shop.settings.prod')"),
    ).toBe('shop.settings.prod');
  });
  it('is undefined without one', () => {
    expect(settingsModuleOf('print("hello")')).toBeUndefined();
  });
});

describe('chooseAppDir', () => {
  it("prefers the guide's app/, then the root, then other folders in order", () => {
    expect(chooseAppDir((dir) => dir === 'app' || dir === '.')).toBe('app');
    expect(chooseAppDir((dir) => dir === '.' || dir === 'src', ['src'])).toBe('.');
    expect(chooseAppDir((dir) => dir === 'src', ['backend', 'src'])).toBe('src');
    expect(chooseAppDir(() => false, ['src'])).toBeUndefined();
  });
});

describe('detectProject', () => {
  it("finds the guide's layout: app/manage.py naming core.settings", async () => {
    expect(await detectProject(FIXTURE)).toEqual({
      appDir: 'app',
      settingsModule: 'core.settings',
      projectPackage: 'core',
    });
  });

  it('finds manage.py at the root', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sltest-init-'));
    try {
      await writeFile(
        join(dir, 'manage.py'),
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
      );
      expect(await detectProject(dir)).toMatchObject({ appDir: '.', projectPackage: 'mysite' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with CLI_INIT_NO_DJANGO_PROJECT where there is no manage.py', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sltest-init-'));
    try {
      await mkdir(join(dir, 'docs'));
      const error = await detectProject(dir).catch((e: unknown) => e);
      expect(CliError.hasCode(error, 'CLI_INIT_NO_DJANGO_PROJECT')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
