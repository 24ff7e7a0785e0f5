import type { WarningEvent } from '@swarmlift/core';
import { checkAllowEmpty, checkEnvVars, checkOptionsObject } from './check-options.js';
import { LONE_SURROGATE, MAX_LINE_BYTES, PORTABLE_KEY, utf8Length } from './docker-env-format.js';

/** A value as callers hand it over; numbers and booleans are written with `String()`. */
export type EnvValue = string | number | boolean;
export type EnvVars = Readonly<Record<string, EnvValue | null | undefined>>;

export type EnvIssueCode =
  | 'INVALID_KEY'
  | 'VALUE_MISSING'
  | 'VALUE_EMPTY'
  | 'VALUE_HAS_NEWLINE'
  | 'VALUE_HAS_NUL'
  | 'VALUE_INVALID_UTF8'
  | 'LINE_TOO_LONG'
  | 'SCHEMA';

/** A variable that cannot be written. Names the key; never contains the value. */
export interface EnvIssue {
  key: string;
  code: EnvIssueCode;
  message: string;
}

export type EnvWarningCode = 'ENV_VALUE_QUOTED' | 'ENV_VALUE_SURROUNDING_WHITESPACE';

/**
 * A variable that will be written, but whose value Docker will take more
 * literally than a user may expect. Core's one warning shape (`WarningEvent`),
 * with the variable's name as `key`; the message names the key, never the value.
 */
export interface EnvWarning extends WarningEvent {
  type: 'warning';
  code: EnvWarningCode;
  message: string;
  key: string;
}

export interface ValidateEnvVarsOptions {
  /**
   * Allow `KEY=` lines. Off by default: `docker stack deploy` replaces an empty
   * value with the deploying shell's variable of the same name when it has one.
   */
  allowEmpty?: boolean;
}

export interface EnvValidation {
  ok: boolean;
  /** The variables in the order given, values as strings; only meaningful when `ok`. */
  entries: Array<readonly [key: string, value: string]>;
  issues: EnvIssue[];
  warnings: EnvWarning[];
}

const SECRET_HINT =
  'the env-file format cannot carry it; store this value as a Swarm secret instead';

/** Checks every variable against what the Docker env-file format can carry; reports all problems at once. */
export function validateEnvVars(
  vars: EnvVars,
  options: ValidateEnvVarsOptions = {},
): EnvValidation {
  checkEnvVars(vars);
  checkOptionsObject(options);
  checkAllowEmpty(options.allowEmpty);
  const entries: Array<readonly [string, string]> = [];
  const issues: EnvIssue[] = [];
  const warnings: EnvWarning[] = [];

  for (const [key, raw] of Object.entries(vars)) {
    const keyProblem = checkKey(key);
    if (keyProblem) {
      issues.push(keyProblem);
      continue;
    }
    if (raw === undefined || raw === null) {
      issues.push({ key, code: 'VALUE_MISSING', message: 'has no value (it is not set)' });
      continue;
    }
    const value = String(raw);
    const valueProblem = checkValue(key, value, options);
    if (valueProblem) {
      issues.push(valueProblem);
      continue;
    }
    warnings.push(...surprises(key, value));
    entries.push([key, value]);
  }
  return { ok: issues.length === 0, entries, issues, warnings };
}

function checkKey(key: string): EnvIssue | undefined {
  if (PORTABLE_KEY.test(key)) return undefined;
  // The key is not a secret, but a malformed one may be a value pasted by mistake: show a safe form.
  return {
    key: printableKey(key),
    code: 'INVALID_KEY',
    message: 'is not a valid variable name: use letters, digits and "_", not starting with a digit',
  };
}

function checkValue(
  key: string,
  value: string,
  options: ValidateEnvVarsOptions,
): EnvIssue | undefined {
  if (value === '' && !options.allowEmpty) {
    return {
      key,
      code: 'VALUE_EMPTY',
      message:
        "is empty; docker stack deploy would replace it with the deploying shell's value. Set a value, or pass allowEmpty if an empty value is intended",
    };
  }
  if (value.includes('\n') || value.includes('\r')) {
    return { key, code: 'VALUE_HAS_NEWLINE', message: `contains a line break: ${SECRET_HINT}` };
  }
  if (value.includes('\0')) {
    return { key, code: 'VALUE_HAS_NUL', message: `contains a NUL byte: ${SECRET_HINT}` };
  }
  if (LONE_SURROGATE.test(value)) {
    return { key, code: 'VALUE_INVALID_UTF8', message: `is not valid UTF-8: ${SECRET_HINT}` };
  }
  const lineBytes = utf8Length(key) + 1 + utf8Length(value);
  if (lineBytes > MAX_LINE_BYTES) {
    return {
      key,
      code: 'LINE_TOO_LONG',
      message: `makes a line of ${lineBytes} bytes; Docker reads at most ${MAX_LINE_BYTES}: ${SECRET_HINT}`,
    };
  }
  return undefined;
}

function surprises(key: string, value: string): EnvWarning[] {
  const warnings: EnvWarning[] = [];
  if (value.length >= 2 && /^(["']).*\1$/s.test(value)) {
    warnings.push({
      type: 'warning',
      code: 'ENV_VALUE_QUOTED',
      message: `${key} is wrapped in quotes; Docker keeps them as part of the value`,
      key,
    });
  }
  if (value !== value.trim()) {
    warnings.push({
      type: 'warning',
      code: 'ENV_VALUE_SURROUNDING_WHITESPACE',
      message: `${key} starts or ends with whitespace; Docker keeps it as part of the value`,
      key,
    });
  }
  return warnings;
}

function printableKey(key: string): string {
  const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
  return shown;
}
