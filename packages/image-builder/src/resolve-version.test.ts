import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { resolveVersion } from './resolve-version.js';

const SHA = '0123456789ABCDEF0123456789abcdef01234567';

describe('resolveVersion', () => {
  it('prefers an explicit sha, then GITHUB_SHA', async () => {
    expect(await resolveVersion({ sha: SHA, env: { GITHUB_SHA: 'ffffffff' } })).toEqual({
      version: '0123456',
      revision: SHA.toLowerCase(),
      source: 'explicit',
    });
    expect(await resolveVersion({ env: { GITHUB_SHA: `${SHA}\n` } })).toMatchObject({
      version: '0123456',
      source: 'GITHUB_SHA',
    });
  });

  it('asks git otherwise', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'ib-git-'));
    const git = (...args: string[]) => execa('git', args, { cwd: repo });
    await git('init', '-q');
    await git(
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@t',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'x',
    );
    const head = (await git('rev-parse', 'HEAD')).stdout;
    expect(await resolveVersion({ cwd: repo, env: {} })).toEqual({
      version: head.slice(0, 7),
      revision: head,
      source: 'git',
    });
  });

  it('explains what is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ib-nogit-'));
    await expect(resolveVersion({ cwd: empty, env: {} })).rejects.toMatchObject({
      code: 'IMAGE_VERSION_UNRESOLVED',
      category: 'invalid',
    });
    await expect(resolveVersion({ sha: 'main' })).rejects.toMatchObject({
      code: 'OPTIONS_INVALID',
      field: 'sha',
      message: expect.stringMatching(/not a commit SHA/),
    });
    await expect(resolveVersion({ env: { GITHUB_SHA: 'main' } })).rejects.toMatchObject({
      code: 'IMAGE_VERSION_UNRESOLVED',
      message: expect.stringMatching(/GITHUB_SHA is not a commit SHA/),
    });
  });

  it('stops git and rejects with CancelledError when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(resolveVersion({ env: {}, signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});
