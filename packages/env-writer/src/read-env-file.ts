import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { abortReasonError, checkSignal, throwIfAborted } from '@swarmlift/core';
import { checkOptionsObject, checkPath } from './check-options.js';
import { EnvFileAccessError } from './errors.js';
import { type EnvFileEntry, parseEnvFile } from './parse-env-file.js';

export interface ReadEnvFileOptions {
  /** The env file; error messages name it as given. */
  path: string;
  /** Aborting rejects with core's `CancelledError`. */
  signal?: AbortSignal;
}

export interface ReadEnvFileResult {
  /** The absolute path read. */
  path: string;
  entries: EnvFileEntry[];
}

/**
 * Reads an env file from disk and parses it with Docker's rules
 * (`parseEnvFile`). A file that cannot be read is an `EnvFileAccessError`
 * (`ENV_FILE_READ_FAILED`, the system error as `cause`); a line Docker would
 * refuse is an `EnvFileParseError` (`ENV_FILE_INVALID`) naming file and line.
 */
export async function readEnvFile(options: ReadEnvFileOptions): Promise<ReadEnvFileResult> {
  checkOptionsObject(options);
  checkPath(options.path);
  checkSignal(options.signal);
  const { signal } = options;
  throwIfAborted(signal);
  const path = resolve(options.path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path, signal ? { signal } : {});
  } catch (cause) {
    if (signal?.aborted) throw abortReasonError(signal);
    throw new EnvFileAccessError({
      code: 'ENV_FILE_READ_FAILED',
      path: options.path,
      hint: 'Check the path and that this user may read the file.',
      cause,
    });
  }
  return { path, entries: parseEnvFile(bytes, { file: options.path }) };
}
