import { SwarmliftError } from '@swarmlift/core';
import type { RunSummary } from '../output/reporter.js';

/** A run's status for the error that ended it: its category, which also decides the exit code. */
export function statusOf(error: unknown): RunSummary['status'] {
  if (!SwarmliftError.isInstance(error)) return 'failed';
  return error.category;
}

/** The error as the summary shows it (the reporter redacts it). */
export function errorOf(error: unknown): NonNullable<RunSummary['error']> {
  return {
    code: SwarmliftError.isInstance(error) ? error.code : undefined,
    message: (error as Error)?.message ?? String(error),
    hint: SwarmliftError.isInstance(error) ? error.hint : undefined,
  };
}
