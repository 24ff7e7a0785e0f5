import { StaticSyncError } from './errors.js';

/** `timeoutMs`, when given, is a positive number of milliseconds. */
export function checkTimeout(timeoutMs: unknown): void {
  if (timeoutMs === undefined) return;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new StaticSyncError({
      code: 'OPTION_INVALID',
      message: `timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}.`,
      hint: 'Pass e.g. timeoutMs: 600_000 (10 minutes), or leave it out for no limit.',
    });
  }
}
