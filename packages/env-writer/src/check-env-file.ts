import { checkSignal, throwIfAborted } from '@swarmlift/core';
import { applySchema } from './apply-schema.js';
import { checkAllowEmpty, checkOptionsObject, checkPath, checkSchema } from './check-options.js';
import { EnvValidationError } from './errors.js';
import { judgeEnvFile, varsOfEntries } from './judge-env-file.js';
import { readEnvFile } from './read-env-file.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import type { EnvWarning, ValidateEnvVarsOptions } from './validate-env-vars.js';

export interface CheckEnvFileOptions extends ValidateEnvVarsOptions {
  path: string;
  /** A Standard Schema (e.g. `djangoEnvSchema`) the file's variables must also pass. */
  schema?: StandardSchemaV1;
  signal?: AbortSignal;
}

export interface CheckEnvFileResult {
  /** The absolute path checked. */
  path: string;
  /** The variables the file sets, in file order. */
  keys: string[];
  warnings: EnvWarning[];
}

/**
 * Reads an env file and checks it as a deploy would use it: Docker's parse
 * rules (`EnvFileParseError`), then every variable at once — bare `KEY` lines,
 * empty values (unless `allowEmpty`), values the format cannot carry, and the
 * schema's rules — as one `EnvValidationError` whose issues name key and line.
 */
export async function checkEnvFile(options: CheckEnvFileOptions): Promise<CheckEnvFileResult> {
  checkOptionsObject(options);
  checkPath(options.path);
  checkSchema(options.schema);
  checkAllowEmpty(options.allowEmpty);
  checkSignal(options.signal);
  const { path, entries } = await readEnvFile({ path: options.path, signal: options.signal });
  const schemaIssues = options.schema
    ? (await applySchema(options.schema, varsOfEntries(entries))).issues
    : [];
  throwIfAborted(options.signal);
  const judged = judgeEnvFile(entries, { allowEmpty: options.allowEmpty, schemaIssues });
  if (judged.issues.length > 0) {
    throw new EnvValidationError({ issues: judged.issues, file: options.path });
  }
  return { path, keys: judged.keys, warnings: judged.warnings };
}
