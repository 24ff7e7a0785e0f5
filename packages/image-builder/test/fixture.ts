import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestEnv } from '@swarmlift/testkit';
import { dockerCli } from '@swarmlift/testkit';
import type Docker from 'dockerode';
import { afterEach, beforeEach, expect } from 'vitest';

/** The files of the fixture app, shaped like the guide's Django project. */
export const FIXTURE_FILES: Record<string, string> = {
  'app/main.py': 'print("hi")\n',
  'app/__pycache__/main.cpython-311.pyc': 'bytecode',
  'app/static/site.css': 'body{}\n',
  'app/Secret.txt': 'case matters\n',
  'docs/readme.md': '# docs\n',
  'docs/internal/notes.md': 'notes\n',
  'node_modules/pkg/index.js': 'module.exports = 1;\n',
  'vendor/drop.txt': 'drop\n',
  'vendor/keep/this.txt': 'keep\n',
  'vendor/keep/that.txt': 'that\n',
  'prod.env': 'SECRET_KEY=do-not-ship\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
  'file(1).txt': 'parens\n',
  'weird+name.txt': 'plus\n',
  'README.md': '# app\n',
  'CHANGES.md': '# changes\n',
};

/** The Dockerfile that copies the whole context, so the image shows what was sent. */
export function listingDockerfile(env: TestEnv): string {
  return `FROM ${env.IMAGE_BUSYBOX}\nCOPY . /ctx\nCMD ["find", "/ctx"]\n`;
}

/** Writes the fixture into a fresh temporary folder; returns it and a remover. */
export async function writeFixture(
  env: TestEnv,
  options: { dockerignore?: string; dockerfilePath?: string; extra?: Record<string, string> } = {},
): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'ib-fixture-'));
  const files: Record<string, string> = {
    ...FIXTURE_FILES,
    [options.dockerfilePath ?? 'Dockerfile']: listingDockerfile(env),
    ...(options.dockerignore === undefined ? {} : { '.dockerignore': options.dockerignore }),
    ...options.extra,
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Runs `find /ctx` in a throw-away container of `image`; sorted paths below /ctx. */
export async function filesInImage(env: TestEnv, image: string): Promise<string[]> {
  const { stdout } = await dockerCli(env, [
    'run',
    '--rm',
    '--network',
    'none',
    '--entrypoint',
    'find',
    image,
    '/ctx',
  ]);
  return String(stdout)
    .split('\n')
    .map((line: string) => line.trim().replace(/^\/ctx\/?/, ''))
    .filter((line: string) => line !== '')
    .sort();
}

/** Removes images by reference or ID, ignoring ones that are already gone. */
export async function removeImages(docker: Docker, refs: Iterable<string>): Promise<void> {
  for (const ref of refs) {
    await docker
      .getImage(ref)
      .remove({ force: true })
      .catch(() => {});
  }
}

/**
 * Fails each test of the calling suite after which an uncaught exception or
 * unhandled rejection surfaced (waiting a few turns of the event loop for
 * stray stream errors) — what the issue-13 crash looked like.
 */
export function expectNothingUncaught(settleMs = 300): void {
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  beforeEach(() => {
    uncaught.length = 0;
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
  });
  afterEach(async () => {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
    expect(uncaught).toEqual([]);
  });
}
