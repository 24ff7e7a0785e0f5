import { posix } from 'node:path';
import { StaticSyncError } from './errors.js';

/** Where `target` may live unless `allowedPrefixes` says otherwise: the usual homes of served files. */
export const DEFAULT_ALLOWED_PREFIXES: readonly string[] = [
  '/srv',
  '/var/www',
  '/usr/src',
  '/opt',
  '/home',
];

// Tabs and newlines would break the line-based manifest; other control characters are never
// legitimate in a URL path either.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks a path relative to a release folder (from the source walk or from a
 * manifest read back from the server): forward slashes, no `..`, no `.`, no
 * empty segment, not absolute, no control characters.
 */
export function assertSafeRelativePath(path: string, where: string): void {
  const problem = relativePathProblem(path);
  if (problem) {
    throw new StaticSyncError({
      code: 'STATIC_PATH_INVALID',
      message: `Unsafe path ${JSON.stringify(path)} in ${where}: ${problem}.`,
      hint: 'Static file paths must stay inside the release folder; rename or remove the file (nothing was uploaded).',
    });
  }
}

function relativePathProblem(path: string): string | undefined {
  if (path === '') return 'empty path';
  if (path.startsWith('/')) return 'absolute path';
  if (CONTROL.test(path)) return 'contains a control character (tab, newline, …)';
  if (path.includes('\\')) return 'contains a backslash';
  for (const segment of path.split('/')) {
    if (segment === '..') return 'contains ".."';
    if (segment === '.' || segment === '') return 'contains an empty or "." segment';
  }
  return undefined;
}

/** Release names become folder names on the server and appear in nginx paths. */
export function assertReleaseName(release: string, field = 'release'): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(release) || release.includes('..')) {
    throw new StaticSyncError({
      code: 'STATIC_RELEASE_INVALID',
      message: `${field} ${JSON.stringify(release)} is not a valid release name.`,
      hint: 'Use letters, digits, ".", "_" and "-" (up to 128, starting with a letter or digit), e.g. the short git SHA.',
    });
  }
}

/**
 * Checks `target` (the folder that holds `static`, `releases/` and
 * `manifests/`) before anything touches the server: absolute, normalized,
 * strictly below one of `allowedPrefixes`.
 */
export function assertTarget(target: string, allowedPrefixes: readonly string[]): string {
  if (typeof target !== 'string' || !target.startsWith('/')) {
    throw new StaticSyncError({
      code: 'STATIC_TARGET_INVALID',
      message: `target ${JSON.stringify(target)} is not an absolute path.`,
      hint: 'Give the absolute folder on the server that holds the `static` link, e.g. /srv/myapp.',
    });
  }
  const problem = CONTROL.test(target)
    ? 'contains a control character'
    : target.split('/').some((segment) => segment === '..' || segment === '.')
      ? 'contains "." or ".." segments'
      : undefined;
  if (problem) {
    throw new StaticSyncError({
      code: 'STATIC_TARGET_INVALID',
      message: `target ${JSON.stringify(target)} ${problem}.`,
      hint: 'Write the target as a plain absolute path without "." or ".." (nothing was uploaded).',
    });
  }
  const normalized = posix.normalize(target).replace(/\/+$/, '');
  if (!isBelowAny(normalized, allowedPrefixes)) {
    throw new StaticSyncError({
      code: 'STATIC_TARGET_NOT_ALLOWED',
      message: `target ${normalized} is outside the allowed prefixes (${allowedPrefixes.join(', ')}).`,
      hint: 'Choose a folder below one of them, or pass allowedPrefixes with the folder you mean (nothing was uploaded).',
    });
  }
  return normalized;
}

/** True when `path` (normalized, absolute) is strictly below one of `prefixes`. */
export function isBelowAny(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => {
    const base = posix.normalize(prefix).replace(/\/+$/, '');
    return base !== '' && path.startsWith(`${base}/`) && path.length > base.length + 1;
  });
}
