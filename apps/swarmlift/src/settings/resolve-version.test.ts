import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveVersion } from './resolve-version.js';

describe('resolveVersion', () => {
  let repo: string;
  let empty: string;
  let plain: string;
  let head: string;
  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), 'swarmlift-git-'));
    empty = await mkdtemp(join(tmpdir(), 'swarmlift-git-empty-'));
    plain = await mkdtemp(join(tmpdir(), 'swarmlift-plain-'));
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd,
        encoding: 'utf8',
      });
    git(repo, 'init', '-q');
    await writeFile(join(repo, 'a.txt'), 'a');
    git(repo, 'add', 'a.txt');
    git(repo, 'commit', '-q', '-m', 'first');
    head = git(repo, 'rev-parse', 'HEAD').trim();
    git(empty, 'init', '-q');
  });
  afterAll(async () => {
    for (const dir of [repo, empty, plain]) await rm(dir, { recursive: true, force: true });
  });

  it('prefers VERSION, then GITHUB_SHA', async () => {
    expect(await resolveVersion({ version: 'v2', sha: 'abcdef0', cwd: plain })).toEqual({
      ok: true,
      version: 'v2',
      source: 'VERSION',
    });
    expect(await resolveVersion({ sha: 'abcdef0123', cwd: plain })).toEqual({
      ok: true,
      version: 'abcdef0',
      source: 'GITHUB_SHA',
    });
  });

  it("reads the repository's HEAD", async () => {
    expect(await resolveVersion({ cwd: repo })).toEqual({
      ok: true,
      version: head.slice(0, 7),
      source: 'git',
    });
  });

  it('says plainly when there is no repository or no commit', async () => {
    const none = await resolveVersion({ cwd: plain });
    expect(none).toMatchObject({ ok: false });
    if (!none.ok) expect(none.problem).toContain('is not a git repository');
    const noCommit = await resolveVersion({ cwd: empty });
    expect(noCommit).toMatchObject({ ok: false });
    if (!noCommit.ok) expect(noCommit.problem).toContain('has no commit');
  });
});
