import { CancelledError } from '@swarmlift/core';
import { type EnvFileEntry, EnvWriterError, readEnvFile } from '@swarmlift/env-writer/env-file';
import { optionsInvalid } from './check-options.js';
import { MigratorError } from './errors.js';

export interface ResolveEnvOptions {
  /** Variables as an object; `undefined` values are left out. */
  env?: Record<string, string | undefined> | undefined;
  /** A local env file in Docker's format (e.g. written by @swarmlift/env-writer). */
  envFile?: string | undefined;
  /** Where a bare `KEY` line in the file takes its value from, as `docker run --env-file` does. */
  processEnv?: Record<string, string | undefined> | undefined;
  signal?: AbortSignal | undefined;
}

export interface ResolvedEnv {
  /** `KEY=value` entries for a container spec, file first, `env` overriding. */
  entries: string[];
  keys: string[];
  values: Map<string, string>;
}

const KEY = /^[^=\s\0]+$/;

/**
 * The variables a one-off run gets: the env file's (read literally, as Docker
 * reads it) and then `env` on top. Values go into the container spec only,
 * never onto a command line.
 */
export async function resolveEnv(options: ResolveEnvOptions): Promise<ResolvedEnv> {
  const values = new Map<string, string>();
  if (options.envFile !== undefined) {
    let entries: EnvFileEntry[];
    try {
      ({ entries } = await readEnvFile({ path: options.envFile, signal: options.signal }));
    } catch (error) {
      if (CancelledError.isInstance(error)) throw error;
      throw new MigratorError({
        code: 'ONE_OFF_ENV_FILE_INVALID',
        message: EnvWriterError.isInstance(error)
          ? error.message
          : `Cannot read env file ${options.envFile}: ${String(error)}`,
        hint: EnvWriterError.isInstance(error)
          ? error.hint
          : 'Pass the path of the env file written for the stack (e.g. by @swarmlift/env-writer), or pass `env` as an object.',
        cause: error,
        category: 'invalid',
      });
    }
    const processEnv = options.processEnv ?? process.env;
    for (const entry of entries) {
      const value = entry.value ?? processEnv[entry.key];
      // Like the Docker CLI: a bare KEY that the shell does not have is left out.
      if (value !== undefined) values.set(entry.key, value);
    }
  }
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) continue;
    if (!KEY.test(key))
      throw optionsInvalid(
        `env.${key}`,
        'is not a valid variable name',
        'Use names without "=", whitespace or NUL, e.g. DJANGO_SETTINGS_MODULE.',
      );
    if (typeof value !== 'string' || value.includes('\0'))
      throw optionsInvalid(
        `env.${key}`,
        'must be a string without NUL bytes',
        'Pass every value as a string.',
      );
    values.set(key, value);
  }
  const keys = [...values.keys()];
  return { entries: keys.map((key) => `${key}=${values.get(key)}`), keys, values };
}

const SECRET_KEY = /PASS|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|AUTH/i;

/** Values of variables whose names say they are secret, to hide from logs and errors. */
export function secretValues(env: ResolvedEnv, extra: readonly string[] = []): string[] {
  const secrets = [...extra];
  for (const [key, value] of env.values)
    if (SECRET_KEY.test(key) && value.length >= 4) secrets.push(value);
  return secrets;
}
