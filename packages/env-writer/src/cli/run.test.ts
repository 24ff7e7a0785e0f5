import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from './run.js';

const SECRET_KEY = 'k7#Qp!x2$Lm9@vB4^nR8&tY1*wZ6(cF3)hJ5-gD0_sA=eU+iO{oP}lK[jH]';
const guideEnv = {
  SECRET_KEY,
  DB_NAME: 'app',
  DB_USER: 'app',
  DB_PASSWORD: "pa'ss$word",
  DB_HOST: '172.18.0.1',
  REDIS_URI: 'redis:6379/0',
};

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'env-cli-'));
});

async function cli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  signal?: AbortSignal,
) {
  let stdout = '';
  let stderr = '';
  const code = await run({
    argv,
    env,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    signal,
  });
  return { code, stdout, stderr };
}

describe('swarmlift-env', () => {
  it('writes the named variables from the environment', async () => {
    const out = join(folder, '.env');
    const result = await cli(['write', '--out', out, '--from-env', 'A,B', '--from-env', 'C'], {
      A: '1',
      B: "it's",
      C: '"q"',
      D: 'not asked for',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^wrote .*\.env \(3 variables: A, B, C\) in \d+ ms\n$/);
    expect(result.stderr).toBe(
      'warning [ENV_VALUE_QUOTED] C is wrapped in quotes; Docker keeps them as part of the value\n',
    );
    expect(await readFile(out, 'utf8')).toBe('A=1\nB=it\'s\nC="q"\n');
    expect((await stat(out)).mode & 0o777).toBe(0o600);
  });

  it('reads and validates the guide variables with --schema django', async () => {
    const out = join(folder, '.env');
    const result = await cli(['write', '--out', out, '--schema', 'django'], guideEnv);
    expect(result.code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).toContain(`SECRET_KEY=${SECRET_KEY}\n`);
    expect(text).toContain('DEBUG=0\n');
    expect(result.stdout).not.toContain(SECRET_KEY);
  });

  it('fails with exit code 2 (invalid input), names every problem and prints no value', async () => {
    const out = join(folder, '.env');
    const result = await cli(['write', '--out', out, '--schema', 'django'], {
      ...guideEnv,
      SECRET_KEY: 'too-short-secret',
      DB_PASSWORD: undefined,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error [ENV_INVALID]: ');
    expect(result.stderr).toContain('SECRET_KEY: must be at least 50 characters');
    expect(result.stderr).toContain('DB_PASSWORD: is required but not set');
    expect(result.stderr).toContain('hint: ');
    expect(result.stderr).not.toContain('too-short-secret');
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  });

  it('checks an existing file and names the line of each problem', async () => {
    const file = join(folder, '.env');
    await writeFile(file, '# comment\nGOOD=1\nEMPTY=\nBARE\n');
    const result = await cli(['check', '--file', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('EMPTY (line 3): is empty');
    expect(result.stderr).toContain('BARE (line 4)');
  });

  it('reports a file Docker cannot parse with its line', async () => {
    const file = join(folder, '.env');
    await writeFile(file, 'A=1\nBAD KEY=2\n');
    const result = await cli(['check', '--file', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `error [ENV_FILE_INVALID]: ${file}:2: variable name contains whitespace`,
    );
  });

  it('accepts a clean file', async () => {
    const file = join(folder, '.env');
    await writeFile(file, 'A=1\n');
    expect(await cli(['check', '--file', file])).toMatchObject({
      code: 0,
      stdout: `${file}: 1 variables, no problems\n`,
    });
  });

  it.each([
    [['write', '--from-env', 'A'], '--out FILE is required'],
    [['write', '--out', 'x'], 'name the variables'],
    [['write', '--out', 'x', '--from-env', 'A', '--mode', '999'], '--mode'],
    [['write', '--out', 'x', '--schema', 'rails'], 'unknown schema'],
    [['deploy'], 'unknown command'],
    [['write', '--bogus'], "Unknown option '--bogus'"],
    [[], 'name a command'],
    [['check', '--file', 'x', 'extra'], 'unexpected argument'],
  ])('rejects bad usage %j with exit code 2', async (argv, message) => {
    const result = await cli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: swarmlift-env write');
    expect(result.stdout).toBe('');
  });

  it('prints help', async () => {
    expect(await cli(['--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('swarmlift-env write'),
    });
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(
      await readFile(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'),
    ) as { version: string };
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('reports a file it cannot read with exit code 1 and the system reason', async () => {
    const file = join(folder, 'missing.env');
    const result = await cli(['check', '--file', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error [ENV_FILE_READ_FAILED]: Could not read ${file}: ENOENT`);
    expect(result.stderr).toContain('hint: ');
  });

  it('exits 130 and writes nothing when cancelled', async () => {
    const out = join(folder, '.env');
    const controller = new AbortController();
    controller.abort();
    const result = await cli(
      ['write', '--out', out, '--from-env', 'A'],
      { A: '1' },
      controller.signal,
    );
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('error [CANCELLED]');
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  });
});
