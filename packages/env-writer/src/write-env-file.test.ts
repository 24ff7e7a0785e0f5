import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError } from '@swarmlift/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { djangoEnvSchema } from './django-env-schema.js';
import { EnvFileAccessError, EnvValidationError, EnvWriterError } from './errors.js';
import type { EnvWriterEvent } from './events.js';
import { writeEnvFile } from './write-env-file.js';

const SECRET_KEY = 'k7#Qp!x2$Lm9@vB4^nR8&tY1*wZ6(cF3)hJ5-gD0_sA=eU+iO{oP}lK[jH]';
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'env-writer-'));
});

async function thrown(promise: Promise<unknown>): Promise<EnvWriterError> {
  try {
    await promise;
  } catch (error) {
    if (EnvWriterError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an EnvWriterError');
}

describe('writeEnvFile', () => {
  it('writes the file with mode 0600 and returns the keys', async () => {
    const path = join(folder, '.env');
    const result = await writeEnvFile({ path, vars: { A: '1', B: "it's" } });
    expect(result).toEqual({ path, keys: ['A', 'B'], warnings: [] });
    expect(await readFile(path, 'utf8')).toBe("A=1\nB=it's\n");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('sets the requested mode exactly, whatever the umask', async () => {
    const path = join(folder, '.env');
    const previous = process.umask(0o077);
    try {
      await writeEnvFile({ path, vars: { A: '1' }, mode: 0o640 });
    } finally {
      process.umask(previous);
    }
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  it('replaces an existing file and tightens its mode', async () => {
    const path = join(folder, '.env');
    await writeFile(path, 'OLD=1\n', { mode: 0o644 });
    await writeEnvFile({ path, vars: { NEW: '2' } });
    expect(await readFile(path, 'utf8')).toBe('NEW=2\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('leaves an existing file untouched and no temp file when validation fails', async () => {
    const path = join(folder, '.env');
    await writeFile(path, 'OLD=1\n');
    const error = await thrown(writeEnvFile({ path, vars: { GOOD: 'x', BAD: 'a\nb' } }));
    expect(error).toBeInstanceOf(EnvValidationError);
    expect(error.message).toContain(path.slice(-4));
    expect(await readFile(path, 'utf8')).toBe('OLD=1\n');
    expect(await readdir(folder)).toEqual(['.env']);
  });

  it('fails with ENV_WRITE_FAILED and a hint when the folder does not exist, leaving nothing behind', async () => {
    const error = await thrown(
      writeEnvFile({ path: join(folder, 'missing', '.env'), vars: { A: '1' } }),
    );
    expect(error.code).toBe('ENV_WRITE_FAILED');
    expect(EnvFileAccessError.isInstance(error)).toBe(true);
    expect(error.cause).toMatchObject({ code: 'ENOENT' });
    expect(error.message).toContain('ENOENT');
    expect(error.hint).toContain('exists');
    expect(await readdir(folder)).toEqual([]);
  });

  it('applies a schema first and writes its output, defaults included', async () => {
    const path = join(folder, '.env');
    await writeEnvFile({
      path,
      schema: djangoEnvSchema,
      vars: {
        SECRET_KEY,
        DB_NAME: 'app',
        DB_USER: 'app',
        DB_PASSWORD: 'p@ss w0rd\'"',
        DB_HOST: 'db.internal',
        REDIS_URI: 'redis:6379/1',
        EXTRA: 'passes through',
      },
    });
    const text = await readFile(path, 'utf8');
    expect(text).toContain('DEBUG=0\n');
    expect(text).toContain('DB_PORT=5432\n');
    expect(text).toContain('DB_PASSWORD=p@ss w0rd\'"\n');
    expect(text).toContain('EXTRA=passes through\n');
  });

  it('reports schema and format problems together, never echoing values', async () => {
    const schema = z
      .object({ PORT: z.string().regex(/^\d+$/, { error: 'must be digits' }) })
      .loose();
    const error = await thrown(
      writeEnvFile({
        path: join(folder, '.env'),
        schema,
        vars: { PORT: 'not-a-port-SECRETISH', MULTI: 'line\nSECRETISH' },
      }),
    );
    expect(error).toBeInstanceOf(EnvValidationError);
    expect((error as EnvValidationError).issues.map((i) => [i.key, i.code])).toEqual([
      ['PORT', 'SCHEMA'],
      ['MULTI', 'VALUE_HAS_NEWLINE'],
    ]);
    expect(error.message).not.toContain('SECRETISH');
    expect(await readdir(folder)).toEqual([]);
  });

  it('names required schema variables that are not set', async () => {
    const error = await thrown(
      writeEnvFile({ path: join(folder, '.env'), schema: djangoEnvSchema, vars: {} }),
    );
    const missing = (error as EnvValidationError).issues.filter(
      (i) => i.message === 'is required but not set',
    );
    expect(missing.map((i) => i.key).sort()).toEqual([
      'DB_HOST',
      'DB_NAME',
      'DB_PASSWORD',
      'DB_USER',
      'REDIS_URI',
      'SECRET_KEY',
    ]);
  });

  it('reports each warning, then env_file_written, through onEvent', async () => {
    const path = join(folder, '.env');
    const events: EnvWriterEvent[] = [];
    const result = await writeEnvFile({
      path,
      vars: { A: '1', Q: '"x"', W: ' y' },
      onEvent: (event) => events.push(event),
    });
    expect(events.map((e) => e.type)).toEqual(['warning', 'warning', 'env_file_written']);
    expect(events.slice(0, 2)).toEqual(result.warnings);
    expect(events[2]).toMatchObject({
      path,
      keys: ['A', 'Q', 'W'],
      durationMs: expect.any(Number),
    });
  });

  it('rejects with CancelledError and touches nothing when the signal has aborted', async () => {
    const path = join(folder, '.env');
    await writeFile(path, 'OLD=1\n');
    const controller = new AbortController();
    controller.abort();
    const error = await writeEnvFile({ path, vars: { A: '1' }, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(CancelledError.isInstance(error)).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('OLD=1\n');
  });

  it('stops before the rename when aborted while the schema runs, leaving the old file and no temp file', async () => {
    const path = join(folder, '.env');
    await writeFile(path, 'OLD=1\n');
    const controller = new AbortController();
    const schema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: async (value: unknown) => {
          controller.abort();
          return { value: value as Record<string, string> };
        },
      },
    };
    const error = await writeEnvFile({
      path,
      vars: { A: '1' },
      schema,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(CancelledError.isInstance(error)).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('OLD=1\n');
    expect(await readdir(folder)).toEqual(['.env']);
  });
});
