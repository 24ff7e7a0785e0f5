import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveEnv, secretValues } from './resolve-env.js';

describe('resolveEnv', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'migrator-env-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads the env file literally, takes bare keys from the shell, and lets `env` override', async () => {
    const file = join(folder, '.env');
    await writeFile(
      file,
      '# comment\nSECRET_KEY="quoted # kept"\nDB_HOST=db\nFROM_SHELL\nNOT_IN_SHELL\n',
    );
    const env = await resolveEnv({
      envFile: file,
      env: { DB_HOST: '172.18.0.1', EXTRA: 'x', SKIPPED: undefined },
      processEnv: { FROM_SHELL: 'yes' },
    });
    expect(env.entries).toEqual([
      'SECRET_KEY="quoted # kept"',
      'DB_HOST=172.18.0.1',
      'FROM_SHELL=yes',
      'EXTRA=x',
    ]);
    expect(env.keys).toEqual(['SECRET_KEY', 'DB_HOST', 'FROM_SHELL', 'EXTRA']);
  });

  it('names the file and line of a line Docker would reject, without its value', async () => {
    const file = join(folder, '.env');
    await writeFile(file, 'GOOD=1\nBAD KEY=hunter2\n');
    const error = await resolveEnv({ envFile: file }).catch((e) => e);
    expect(error).toMatchObject({ code: 'ONE_OFF_ENV_FILE_INVALID' });
    expect(error.message).toContain(`${file}:2`);
    expect(error.message).not.toContain('hunter2');
  });

  it('says which file cannot be read', async () => {
    const error = await resolveEnv({ envFile: join(folder, 'missing.env') }).catch((e) => e);
    expect(error).toMatchObject({ code: 'ONE_OFF_ENV_FILE_INVALID' });
    expect(error.message).toContain('missing.env');
    expect(error.message).toContain('ENOENT');
  });

  it('names an invalid key of the object', async () => {
    const error = await resolveEnv({ env: { 'A=B': 'x' } }).catch((e) => e);
    expect(error).toMatchObject({ code: 'OPTIONS_INVALID' });
    expect(error.message).toContain('env.A=B');
  });

  it('treats values of secret-looking keys as secrets', async () => {
    const env = await resolveEnv({
      env: { DB_PASSWORD: 'pw-123', SECRET_KEY: 'sk-456', DB_PORT: '5432', API_TOKEN: 'abc' },
    });
    expect(secretValues(env, ['extra-1'])).toEqual(['extra-1', 'pw-123', 'sk-456']);
  });
});
