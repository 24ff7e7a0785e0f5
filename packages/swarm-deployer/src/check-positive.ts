import { OptionsError } from '@swarmlift/core';

/** `value` when it is absent or a positive number, else an OptionsError naming `field`. */
export function checkPositive(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new OptionsError({
      field,
      message: `${String(value)} is not a positive number`,
      hint: `Leave ${field} out for the default, or pass a number above 0.`,
    });
  return value;
}
