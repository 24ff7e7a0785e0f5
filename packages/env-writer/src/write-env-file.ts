import { randomBytes } from 'node:crypto';
import { constants, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { abortReasonError, checkFunction, checkSignal, throwIfAborted } from '@swarmlift/core';
import { applySchema } from './apply-schema.js';
import {
  checkAllowEmpty,
  checkEnvVars,
  checkMode,
  checkOptionsObject,
  checkPath,
  checkSchema,
} from './check-options.js';
import { EnvFileAccessError, EnvValidationError } from './errors.js';
import type { EnvWriterEvent } from './events.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import {
  type EnvVars,
  type EnvWarning,
  type ValidateEnvVarsOptions,
  validateEnvVars,
} from './validate-env-vars.js';

export interface WriteEnvFileOptions extends ValidateEnvVarsOptions {
  path: string;
  vars: EnvVars;
  /** A Standard Schema (e.g. `djangoEnvSchema`) checked first; its output (with defaults) is written. */
  schema?: StandardSchemaV1;
  /** File mode; 0o600 by default because the file holds secrets. */
  mode?: number;
  /** Each warning (a value Docker keeps more literally than expected), then `env_file_written`. */
  onEvent?: (event: EnvWriterEvent) => void;
  /** Aborting rejects with core's `CancelledError`; the target is then left as it was. */
  signal?: AbortSignal;
}

export interface WriteEnvFileResult {
  path: string;
  keys: string[];
  warnings: EnvWarning[];
}

/**
 * Validates and writes an env file atomically: a temporary file in the same
 * folder is written, flushed and renamed over the target, so readers see the
 * old file or the new one, never a part. Nothing is written when any variable
 * is invalid; the error lists all of them.
 */
export async function writeEnvFile(options: WriteEnvFileOptions): Promise<WriteEnvFileResult> {
  checkWriteOptions(options);
  const { signal } = options;
  throwIfAborted(signal);
  const started = performance.now();
  const path = resolve(options.path);
  const mode = options.mode ?? 0o600;

  const fromSchema = options.schema
    ? await applySchema(options.schema, options.vars)
    : { vars: options.vars, issues: [] };
  throwIfAborted(signal);
  // When the schema failed, its defaults were not applied: an unset key may be
  // fine (it has a default), so only check the values that are there.
  const toCheck = fromSchema.issues.length > 0 ? definedOnly(fromSchema.vars) : fromSchema.vars;
  const checked = validateEnvVars(toCheck, options);
  const issues = [
    ...fromSchema.issues,
    ...checked.issues.filter((issue) => !hasIssue(fromSchema.issues, issue.key)),
  ];
  if (issues.length > 0) throw new EnvValidationError({ issues, file: options.path });

  const text = checked.entries.map(([key, value]) => `${key}=${value}\n`).join('');
  await writeAtomically(path, text, mode, signal);
  const keys = checked.entries.map(([key]) => key);
  for (const warning of checked.warnings) options.onEvent?.(warning);
  options.onEvent?.({
    type: 'env_file_written',
    path,
    keys,
    durationMs: performance.now() - started,
  });
  return { path, keys, warnings: checked.warnings };
}

function checkWriteOptions(options: WriteEnvFileOptions): void {
  checkOptionsObject(options);
  checkPath(options.path);
  checkEnvVars(options.vars);
  checkSchema(options.schema);
  checkMode(options.mode);
  checkAllowEmpty(options.allowEmpty);
  checkFunction(options.onEvent, 'onEvent');
  checkSignal(options.signal);
}

function definedOnly(vars: EnvVars): EnvVars {
  return Object.fromEntries(Object.entries(vars).filter(([, value]) => value !== undefined));
}

function hasIssue(issues: readonly { key: string }[], key: string): boolean {
  return issues.some((issue) => issue.key === key);
}

async function writeAtomically(
  path: string,
  text: string,
  mode: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // O_EXCL: never follow or reuse a file someone else put at the temp name.
    handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    await handle.chmod(mode); // the umask may have narrowed the mode given to open()
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    // The last moment to stop: after the rename the new file is in place.
    if (signal?.aborted) throw abortReasonError(signal);
    await rename(temp, path);
  } catch (cause) {
    await handle?.close().catch(() => {});
    await unlink(temp).catch(() => {});
    if (signal?.aborted) throw abortReasonError(signal);
    throw new EnvFileAccessError({
      code: 'ENV_WRITE_FAILED',
      path,
      hint: `Check that the folder ${folder} exists and is writable by this user.`,
      cause,
    });
  }
  await syncFolder(folder);
}

/** Makes the rename itself durable; some file systems do not allow opening a folder, which is harmless. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, constants.O_RDONLY).catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // fsync on a folder is not supported everywhere (e.g. some network file systems).
  } finally {
    await handle.close().catch(() => {}); // a read-only handle; the file is already in place
  }
}
