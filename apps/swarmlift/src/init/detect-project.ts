import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../errors.js';

/** The Django project init found: where manage.py is and which settings module it names. */
export interface DjangoProject {
  /** The folder of manage.py relative to the repository root, POSIX style: `app` (the guide) or `.`. */
  appDir: string;
  /** The settings module manage.py sets, e.g. `core.settings`. */
  settingsModule: string;
  /** The project package (the settings module's first part), e.g. `core`: `core.wsgi:application`. */
  projectPackage: string;
}

/** Where manage.py is looked for, in order: the guide's `app/`, then the repository root. */
export const MANAGE_PY_CANDIDATES = ['app', '.'] as const;

/**
 * The settings module manage.py names in its
 * `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")`, or undefined.
 */
export function settingsModuleOf(managePy: string): string | undefined {
  const match = /DJANGO_SETTINGS_MODULE["']\s*,\s*["']([A-Za-z_][\w.]*)["']/.exec(managePy);
  return match?.[1];
}

/**
 * The first folder of `candidates` (then of `others`, in order) that holds
 * manage.py; pure: `has(dir)` says whether `dir/manage.py` exists.
 */
export function chooseAppDir(
  has: (dir: string) => boolean,
  others: readonly string[] = [],
): string | undefined {
  return [...MANAGE_PY_CANDIDATES, ...others].find(has);
}

/** Finds manage.py (app/, the root, then any first-level folder) and reads its settings module. */
export async function detectProject(cwd: string): Promise<DjangoProject> {
  const entries = await readdir(cwd, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .filter((name) => name !== 'node_modules')
    .sort();
  const texts = new Map<string, string>();
  await Promise.all(
    [...new Set([...MANAGE_PY_CANDIDATES, ...folders])].map(async (dir) => {
      const text = await readFile(join(cwd, dir, 'manage.py'), 'utf8').catch(() => undefined);
      if (text !== undefined) texts.set(dir, text);
    }),
  );
  const appDir = chooseAppDir((dir) => texts.has(dir), folders);
  if (appDir === undefined) {
    throw new CliError({
      code: 'CLI_INIT_NO_DJANGO_PROJECT',
      category: 'invalid',
      message: `No manage.py in ${cwd}, its app/ folder or any folder directly below it.`,
      hint: 'Run swarmlift init in the root of a Django repository (the guide keeps the project in app/), or pass --cwd.',
    });
  }
  const settingsModule = settingsModuleOf(texts.get(appDir) ?? '');
  if (settingsModule === undefined) {
    throw new CliError({
      code: 'CLI_INIT_NO_DJANGO_PROJECT',
      category: 'invalid',
      message: `${join(appDir, 'manage.py')} names no settings module (no DJANGO_SETTINGS_MODULE).`,
      hint: 'Give manage.py the line Django generates: os.environ.setdefault("DJANGO_SETTINGS_MODULE", "<project>.settings").',
    });
  }
  return {
    appDir,
    settingsModule,
    projectPackage: settingsModule.split('.')[0] as string,
  };
}
