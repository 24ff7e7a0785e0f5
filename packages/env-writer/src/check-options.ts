// Checks of the public functions' options, made before anything is touched. A
// bad option is core's OptionsError (OPTIONS_INVALID) naming the option; no
// message shows a value, since the values are secrets.
import { OptionsError } from '@swarmlift/core';

function invalid(field: string, message: string, hint: string): OptionsError {
  return new OptionsError({ field, message, hint });
}

/** Any object but an array (process.env is not a plain object, and is fine). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A safe form of a key for a field name: keys are not secrets, but a malformed one may be a pasted value. */
function shownKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key) ? key : '(a malformed key)';
}

export function checkOptionsObject(options: unknown, field = 'options'): void {
  if (!isRecord(options)) {
    throw invalid(field, 'must be an object', 'Pass one options object, e.g. { path, vars }.');
  }
}

/** `vars`: an object whose values are text, numbers, booleans, or null/undefined (not set). */
export function checkEnvVars(vars: unknown, field = 'vars'): void {
  if (!isRecord(vars)) {
    throw invalid(
      field,
      'must be an object of variables',
      'Pass the variables as { KEY: value }, e.g. { SECRET_KEY: process.env.SECRET_KEY }.',
    );
  }
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number' && Number.isFinite(value)) continue;
    throw invalid(
      `${field}.${shownKey(key)}`,
      `must be text, a finite number or a boolean, not ${describeType(value)}`,
      'Turn the value into a string yourself (e.g. JSON.stringify) before writing it.',
    );
  }
}

/** `allowEmpty`, shared by writeEnvFile, renderEnvFile, validateEnvVars and checkEnvFile. */
export function checkAllowEmpty(allowEmpty: unknown): void {
  if (allowEmpty !== undefined && typeof allowEmpty !== 'boolean') {
    throw invalid(
      'allowEmpty',
      'must be true or false',
      'Pass allowEmpty: true to allow KEY= lines.',
    );
  }
}

export function checkPath(path: unknown, field = 'path'): asserts path is string {
  if (typeof path !== 'string' || path === '' || path.includes('\0')) {
    throw invalid(field, 'must be a non-empty file path', 'Pass the env file path, e.g. ".env".');
  }
}

export function checkMode(mode: unknown): void {
  if (mode === undefined) return;
  if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0o777) {
    throw invalid(
      'mode',
      'must be a file mode from 0o000 to 0o777',
      'Pass an octal mode such as 0o600 (the default: only the owner reads the secrets).',
    );
  }
}

export function checkSchema(schema: unknown): void {
  if (schema === undefined) return;
  const standard = (schema as { '~standard'?: { validate?: unknown } } | null)?.['~standard'];
  if (typeof standard?.validate !== 'function') {
    throw invalid(
      'schema',
      'is not a Standard Schema (it has no ~standard.validate)',
      'Pass a zod, valibot or arktype schema, e.g. djangoEnvSchema.',
    );
  }
}

function describeType(value: unknown): string {
  if (typeof value === 'number') return 'a non-finite number';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
