import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionsError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { parseEnvFile } from './parse-env-file.js';
import { redact } from './redact.js';
import { renderEnvFile } from './render-env-file.js';
import { validateEnvVars } from './validate-env-vars.js';
import { type WriteEnvFileOptions, writeEnvFile } from './write-env-file.js';

function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (OptionsError.isInstance(error)) {
      expect(error.code).toBe('OPTIONS_INVALID');
      expect(error.category).toBe('invalid');
      return error.field;
    }
    throw error;
  }
  throw new Error('expected an OptionsError');
}

async function writeFieldOf(options: unknown): Promise<string> {
  try {
    await writeEnvFile(options as WriteEnvFileOptions);
  } catch (error) {
    if (OptionsError.isInstance(error)) return error.field;
    throw error;
  }
  throw new Error('expected an OptionsError');
}

describe('options are checked before anything is touched', () => {
  it('writeEnvFile names the bad option and writes nothing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'env-options-'));
    const path = join(folder, '.env');
    const vars = { A: '1' };
    expect(await writeFieldOf(undefined)).toBe('options');
    expect(await writeFieldOf({ vars })).toBe('path');
    expect(await writeFieldOf({ path, vars: 'A=1' })).toBe('vars');
    expect(await writeFieldOf({ path, vars: [] })).toBe('vars');
    expect(await writeFieldOf({ path, vars: { A: { nested: 'SECRETISH' } } })).toBe('vars.A');
    expect(await writeFieldOf({ path, vars: { A: Number.NaN } })).toBe('vars.A');
    expect(await writeFieldOf({ path, vars, mode: 0o1777 })).toBe('mode');
    expect(await writeFieldOf({ path, vars, mode: '600' })).toBe('mode');
    expect(await writeFieldOf({ path, vars, schema: {} })).toBe('schema');
    expect(await writeFieldOf({ path, vars, allowEmpty: 'yes' })).toBe('allowEmpty');
    expect(await writeFieldOf({ path, vars, onEvent: 'log' })).toBe('onEvent');
    expect(await writeFieldOf({ path, vars, signal: {} })).toBe('signal');
    expect(await readdir(folder)).toEqual([]);
  });

  it('never shows a value, nor a key that may be a pasted value', async () => {
    try {
      await writeEnvFile({ path: '.env', vars: { 'SECRETISH=x y': [] as unknown as string } });
    } catch (error) {
      expect(OptionsError.isInstance(error) && error.field).toBe('vars.(a malformed key)');
      expect(String((error as Error).message)).not.toContain('SECRETISH');
      return;
    }
    throw new Error('expected an OptionsError');
  });

  it('a schema that produces no object is an options error', async () => {
    const schema = {
      '~standard': { version: 1 as const, vendor: 'test', validate: () => ({ value: 'text' }) },
    };
    expect(await writeFieldOf({ path: '.env', vars: {}, schema })).toBe('schema');
  });

  it('the synchronous functions check theirs too', () => {
    expect(fieldOf(() => validateEnvVars(null as never))).toBe('vars');
    expect(fieldOf(() => validateEnvVars({}, { allowEmpty: 1 as never }))).toBe('allowEmpty');
    expect(fieldOf(() => renderEnvFile({ A: Symbol('x') as never }))).toBe('vars.A');
    expect(fieldOf(() => parseEnvFile(42 as never))).toBe('input');
    expect(fieldOf(() => redact(undefined as never, ['x']))).toBe('text');
    expect(fieldOf(() => redact('text', 'secret' as never))).toBe('secretValues');
  });

  it('process.env is accepted as vars', () => {
    expect(validateEnvVars(process.env).entries.length).toBeGreaterThan(0);
  });
});
