import { OptionsError } from '@swarmlift/core';

/** `timeoutMs`, when given, is a positive number of milliseconds. */
export function checkTimeout(timeoutMs: unknown, field = 'timeoutMs'): void {
  if (timeoutMs === undefined) return;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new OptionsError({
      field,
      message: `must be a positive number of milliseconds, got ${String(timeoutMs)}.`,
      hint: 'Pass e.g. timeoutMs: 600_000 (10 minutes), or leave it out for no limit.',
    });
  }
}
