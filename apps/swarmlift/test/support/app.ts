import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot } from '@swarmlift/testkit';

const run = promisify(execFile);

/** One code change: replace a text (must be there), or write a whole file. */
export type Change =
  | { file: string; replace: string; with: string }
  | { file: string; append: string }
  | { file: string; content: string };

export interface PreparedApp {
  /** The repository root (run the CLI here). */
  dir: string;
  /** HEAD's full SHA. */
  sha(): Promise<string>;
  /** Applies `changes` and commits them; resolves with the new full SHA. */
  commit(message: string, ...changes: Change[]): Promise<string>;
  /** Reverts the working tree and HEAD to `sha` as a new commit (the code of `sha`, a new version). */
  commitRevertTo(sha: string, message: string): Promise<string>;
  remove(): Promise<void>;
}

const SKIP = new Set(['__pycache__', 'node_modules', '.env', 'staticfiles']);

/**
 * A temporary copy of `source` (default examples/django-app) as a git
 * repository with one commit, as a CI runner's checkout would be.
 */
export async function prepareApp(
  name: string,
  source = join(findRepoRoot(), 'examples', 'django-app'),
): Promise<PreparedApp> {
  const dir = await mkdtemp(join(tmpdir(), `sltest-e2e-${name}-`));
  await cp(source, dir, {
    recursive: true,
    filter: (path) => !SKIP.has(basename(path)),
  });
  const git = async (...args: string[]) =>
    (
      await run('git', args, {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          GIT_AUTHOR_NAME: 'e2e',
          GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
          GIT_COMMITTER_NAME: 'e2e',
          GIT_COMMITTER_EMAIL: 'e2e@example.invalid',
        },
      })
    ).stdout.trim();
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', `${name}: initial`);
  const sha = () => git('rev-parse', 'HEAD');
  return {
    dir,
    sha,
    async commit(message, ...changes) {
      for (const change of changes) {
        const path = join(dir, change.file);
        if ('content' in change) {
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, change.content);
        } else if ('append' in change) {
          const text = await readFile(path, 'utf8');
          await writeFile(path, `${text.endsWith('\n') ? text : `${text}\n`}${change.append}`);
        } else {
          const text = await readFile(path, 'utf8');
          if (!text.includes(change.replace))
            throw new Error(`${change.file} does not contain ${JSON.stringify(change.replace)}`);
          await writeFile(path, text.replace(change.replace, change.with));
        }
      }
      await git('add', '-A');
      await git('commit', '-q', '-m', message);
      return sha();
    },
    async commitRevertTo(target, message) {
      await git('rm', '-q', '-r', '--cached', '.');
      await git('checkout', target, '--', '.');
      await git('clean', '-fdq', '-e', 'deployment/.env');
      await git('add', '-A');
      await git('commit', '-q', '--allow-empty', '-m', message);
      return sha();
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
