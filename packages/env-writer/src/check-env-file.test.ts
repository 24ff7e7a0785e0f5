import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, OptionsError } from '@swarmlift/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkEnvFile } from './check-env-file.js';
import { EnvFileAccessError, EnvFileParseError, EnvValidationError } from './errors.js';
import { readEnvFile } from './read-env-file.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'env-check-'));
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('readEnvFile', () => {
  it('reads and parses a file with Docker’s rules', async () => {
    const path = join(folder, 'a.env');
    await writeFile(path, 'A=1\nBARE\n');
    expect(await readEnvFile({ path })).toEqual({
      path,
      entries: [
        { key: 'A', value: '1', line: 1 },
        { key: 'BARE', value: undefined, line: 2 },
      ],
    });
  });

  it('wraps a file it cannot read in ENV_FILE_READ_FAILED with the system error as cause', async () => {
    const path = join(folder, 'missing.env');
    const error = await rejection(readEnvFile({ path }));
    expect(EnvFileAccessError.hasCode(error, 'ENV_FILE_READ_FAILED')).toBe(true);
    expect((error as EnvFileAccessError).reason).toBe('ENOENT');
    expect((error as Error).cause).toMatchObject({ code: 'ENOENT' });
  });

  it('names file and line of a line Docker would refuse', async () => {
    const path = join(folder, 'bad.env');
    await writeFile(path, 'A=1\nBAD KEY=2\n');
    const error = await rejection(readEnvFile({ path }));
    expect(EnvFileParseError.isInstance(error)).toBe(true);
    expect((error as EnvFileParseError).message).toBe(
      `${path}:2: variable name contains whitespace`,
    );
  });

  it('rejects with CancelledError when its signal has aborted', async () => {
    const path = join(folder, 'a.env');
    await writeFile(path, 'A=1\n');
    const error = await rejection(readEnvFile({ path, signal: AbortSignal.abort() }));
    expect(CancelledError.isInstance(error)).toBe(true);
  });

  it('checks its options first', async () => {
    const error = await rejection(readEnvFile({ path: '' }));
    expect(OptionsError.isInstance(error) && error.field).toBe('path');
  });
});

describe('checkEnvFile', () => {
  it('accepts a clean file and returns its keys and warnings', async () => {
    const path = join(folder, 'a.env');
    await writeFile(path, 'A=1\nQ="quoted"\n');
    const result = await checkEnvFile({ path });
    expect(result.keys).toEqual(['A', 'Q']);
    expect(result.warnings.map((w) => w.code)).toEqual(['ENV_VALUE_QUOTED']);
  });

  it('reports every problem at once with its line, schema issues included, no value shown', async () => {
    const path = join(folder, 'a.env');
    await writeFile(path, 'PORT=SECRETISH\nEMPTY=\n');
    const schema = z
      .object({ PORT: z.string().regex(/^\d+$/, { error: 'must be digits' }) })
      .loose();
    const error = await rejection(checkEnvFile({ path, schema }));
    expect(EnvValidationError.isInstance(error)).toBe(true);
    const issues = (error as EnvValidationError).issues.map((i) => [i.key, i.message]);
    expect(issues).toEqual([
      ['EMPTY (line 2)', expect.stringContaining('is empty')],
      ['PORT (line 1)', 'must be digits'],
    ]);
    expect((error as Error).message).not.toContain('SECRETISH');
  });
});
