import { OptionsError } from './errors.js';

// The option checks every package makes before it touches anything; each
// throws an OptionsError that names the option.

/** `timeoutMs` (or another duration), when given, is a positive finite number of milliseconds. */
export function checkTimeoutMs(value: unknown, field = 'timeoutMs'): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new OptionsError({
      field,
      message: `must be a positive number of milliseconds, got ${JSON.stringify(value) ?? String(value)}`,
      hint: 'E.g. 600000 for ten minutes; leave it out for the documented default.',
    });
  return value;
}

/** `signal`, when given, is an AbortSignal. */
export function checkSignal(value: unknown, field = 'signal'): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal))
    throw new OptionsError({
      field,
      message: 'is not an AbortSignal',
      hint: "Pass an AbortController's signal, or AbortSignal.timeout(ms).",
    });
  return value;
}

/** A callback option (`onEvent`, `onLog`), when given, is a function. */
export function checkFunction(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'function')
    throw new OptionsError({
      field,
      message: 'is not a function',
      hint: `Pass a callback as ${field}, or leave it out.`,
    });
}
