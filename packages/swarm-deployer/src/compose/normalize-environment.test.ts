import { describe, expect, it } from 'vitest';
import {
  type EnvFileContent,
  envFileReferences,
  normalizeEnvironment,
} from './normalize-environment.js';

const at = ['services', 'web'];
const context = (files: Record<string, EnvFileContent>, env: Record<string, string> = {}) => ({
  projectDir: '/project',
  lookup: (name: string) => env[name],
  envFiles: new Map(Object.entries(files)),
});

describe('envFileReferences', () => {
  it('resolves each file against the project directory, with its path in the compose file', () => {
    expect(envFileReferences('a.env', '/project', at)).toEqual([
      { file: '/project/a.env', path: ['services', 'web', 'env_file'] },
    ]);
    expect(envFileReferences(['a.env', '/abs/b.env'], '/project', at)).toEqual([
      { file: '/project/a.env', path: ['services', 'web', 'env_file', 0] },
      { file: '/abs/b.env', path: ['services', 'web', 'env_file', 1] },
    ]);
    expect(envFileReferences(undefined, '/project', at)).toEqual([]);
  });
});

describe('normalizeEnvironment', () => {
  it('env files in order, then environment:; the last one wins', () => {
    const result = normalizeEnvironment(
      { env_file: ['a.env', 'b.env'], environment: { C: 'from-compose', D: 4 } },
      at,
      context({
        '/project/a.env': {
          entries: [
            { key: 'A', value: '1' },
            { key: 'C', value: 'a' },
          ],
        },
        '/project/b.env': {
          entries: [
            { key: 'B', value: '2' },
            { key: 'C', value: 'b' },
          ],
        },
      }),
    );
    expect(result).toEqual({
      value: { A: '1', C: 'from-compose', B: '2', D: '4' },
      problems: [],
    });
  });

  it('a missing or empty value is taken from the deploying environment when it has the variable', () => {
    const result = normalizeEnvironment(
      { env_file: 'a.env', environment: ['BARE', 'EMPTY=', 'UNKNOWN', 'SET=x'] },
      at,
      context(
        { '/project/a.env': { entries: [{ key: 'FILE_BARE' }, { key: 'FILE_EMPTY', value: '' }] } },
        { BARE: 'b', EMPTY: 'e', FILE_BARE: 'fb', FILE_EMPTY: 'fe', SET: 'not used' },
      ),
    );
    expect(result.value).toEqual({
      FILE_BARE: 'fb',
      FILE_EMPTY: 'fe',
      BARE: 'b',
      EMPTY: 'e',
      UNKNOWN: null,
      SET: 'x',
    });
  });

  it('a missing file is located at its entry; a bad line at its own file and line', () => {
    const result = normalizeEnvironment(
      { env_file: ['missing.env', 'bad.env', 'unreadable.env'] },
      at,
      context({
        '/project/missing.env': { missing: true },
        '/project/bad.env': { error: 'bad.env:2: variable name contains whitespace', line: 2 },
        '/project/unreadable.env': { error: 'EACCES: permission denied' },
      }),
    );
    expect(result.problems).toEqual([
      {
        path: ['services', 'web', 'env_file', 0],
        message: 'env file /project/missing.env not found',
        code: 'COMPOSE_ENV_FILE_INVALID',
      },
      {
        path: ['services', 'web', 'env_file', 1],
        message: 'bad.env:2: variable name contains whitespace',
        code: 'COMPOSE_ENV_FILE_INVALID',
        at: { file: '/project/bad.env', line: 2, column: 1 },
      },
      {
        path: ['services', 'web', 'env_file', 2],
        message: 'EACCES: permission denied',
        code: 'COMPOSE_ENV_FILE_INVALID',
        at: { file: '/project/unreadable.env', line: 0, column: 0 },
      },
    ]);
  });

  it('a file the caller did not read counts as missing', () => {
    const result = normalizeEnvironment({ env_file: 'x.env' }, at, context({}));
    expect(result.problems.map((p) => p.message)).toEqual(['env file /project/x.env not found']);
  });
});
