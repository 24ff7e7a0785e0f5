import { execFile } from 'node:child_process';

export type VersionResult =
  | { ok: true; version: string; source: 'GITHUB_SHA' | 'git' | 'VERSION' }
  | { ok: false; problem: string; hint: string };

/**
 * The short version: VERSION as given, else GITHUB_SHA's first 7 hex digits
 * (already checked by the schema), else the first 7 of `git rev-parse HEAD`
 * in `cwd` (execFile, no shell).
 */
export async function resolveVersion(options: {
  version?: string | undefined;
  sha?: string | undefined;
  cwd: string;
  signal?: AbortSignal | undefined;
}): Promise<VersionResult> {
  if (options.version) return { ok: true, version: options.version, source: 'VERSION' };
  if (options.sha) return { ok: true, version: options.sha.slice(0, 7), source: 'GITHUB_SHA' };
  const outcome = await new Promise<{
    stdout: string;
    error?: NodeJS.ErrnoException;
    stderr: string;
  }>((resolve) => {
    execFile(
      'git',
      ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'],
      { cwd: options.cwd, signal: options.signal, timeout: 10_000, encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({ stdout, stderr, ...(error ? { error: error as NodeJS.ErrnoException } : {}) }),
    );
  });
  const sha = outcome.stdout.trim().toLowerCase();
  if (!outcome.error && /^[0-9a-f]{40,64}$/.test(sha)) {
    return { ok: true, version: sha.slice(0, 7), source: 'git' };
  }
  const hint =
    'Set GITHUB_SHA (GitHub Actions sets it) or VERSION, or run in a git repository with a commit.';
  if (outcome.error?.code === 'ENOENT') {
    return { ok: false, problem: 'is not set, and git is not installed to read the commit', hint };
  }
  if (options.signal?.aborted) return { ok: false, problem: 'was not read: cancelled', hint };
  if (/not a git repository/i.test(outcome.stderr)) {
    return { ok: false, problem: `is not set, and ${options.cwd} is not a git repository`, hint };
  }
  if (/dubious ownership/i.test(outcome.stderr)) {
    return {
      ok: false,
      problem: `is not set, and git refuses to read ${options.cwd} (owned by another user)`,
      hint: `Run git config --global --add safe.directory ${options.cwd}, or set GITHUB_SHA or VERSION.`,
    };
  }
  const said = outcome.stderr
    .trim()
    .split('\n')[0]
    ?.replace(/^fatal:\s*/, '');
  if (said) return { ok: false, problem: `is not set, and git rev-parse failed: ${said}`, hint };
  return {
    ok: false,
    problem: `is not set, and the git repository in ${options.cwd} has no commit`,
    hint,
  };
}
