import { OptionsError } from '@swarmlift/core';
import { KEY_WHITESPACE, LEADING_GO_SPACE, MAX_LINE_BYTES } from './docker-env-format.js';
import { EnvFileParseError } from './errors.js';

export interface EnvFileEntry {
  key: string;
  /** `undefined` for a bare `KEY` line: Docker then takes the deploying shell's value. */
  value: string | undefined;
  /** 1-based line number in the file. */
  line: number;
}

export interface ParseEnvFileOptions {
  /** Used in error messages. */
  file?: string;
}

const BOM = '\uFEFF';

/**
 * Parses an env file exactly as the Docker CLI does for `docker run --env-file`
 * and a stack's `env_file:`: split at the first `=`, the value is literal
 * (quotes, `#`, `$` and trailing spaces kept), only whole-line `#` comments,
 * leading whitespace of a line ignored, a trailing `\r` dropped.
 */
export function parseEnvFile(
  input: string | Uint8Array,
  options: ParseEnvFileOptions = {},
): EnvFileEntry[] {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new OptionsError({
      field: 'input',
      message: 'must be the file as text or bytes',
      hint: 'Pass the file contents (a string, Buffer or Uint8Array); readEnvFile({ path }) reads a file.',
    });
  }
  const text = typeof input === 'string' ? input : decodeUtf8(input, options.file);
  const lines = text.split('\n');
  // A final newline ends the last line; it does not start an empty one.
  if (lines.at(-1) === '') lines.pop();

  const entries: EnvFileEntry[] = [];
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (Buffer.byteLength(line, 'utf8') > MAX_LINE_BYTES) {
      throw new EnvFileParseError({
        line: lineNumber,
        reason: `line is longer than ${MAX_LINE_BYTES} bytes, which Docker cannot read ("token too long")`,
        file: options.file,
      });
    }
    if (index === 0 && line.startsWith(BOM)) line = line.slice(BOM.length);
    line = line.replace(LEADING_GO_SPACE, '');
    if (line === '' || line.startsWith('#')) return;

    const eq = line.indexOf('=');
    const key = eq === -1 ? line : line.slice(0, eq);
    if (KEY_WHITESPACE.test(key)) {
      throw new EnvFileParseError({
        line: lineNumber,
        reason: 'variable name contains whitespace',
        file: options.file,
      });
    }
    if (key === '') {
      throw new EnvFileParseError({
        line: lineNumber,
        reason: 'no variable name before "="',
        file: options.file,
      });
    }
    entries.push({ key, value: eq === -1 ? undefined : line.slice(eq + 1), line: lineNumber });
  });
  return entries;
}

function decodeUtf8(bytes: Uint8Array, file: string | undefined): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new EnvFileParseError({
      line: firstInvalidUtf8Line(bytes),
      reason: 'contains bytes that are not valid UTF-8',
      file,
    });
  }
}

function firstInvalidUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
