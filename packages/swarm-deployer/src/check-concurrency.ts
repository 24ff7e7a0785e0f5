import { OptionsError } from '@swarmlift/core';

/** `concurrency`, when given, is a whole number of at least 1; the default otherwise. */
export function checkConcurrency(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new OptionsError({
      field: 'concurrency',
      message: `must be a whole number of at least 1, got ${JSON.stringify(value) ?? String(value)}`,
      hint: `Leave it out for the default (${fallback}).`,
    });
  return value;
}
