import { CancelledError, SwarmliftError } from '@swarmlift/core';
import type { HookStatus } from './hook-env.js';

/**
 * SWARMLIFT_STATUS for on-failure: `cancelled` (SIGINT/SIGTERM), `timed_out`
 * (the wait or a deadline ran out), else `failed` — a deploy that Swarm
 * rolled back failed too, and so did one stopped by a lock or bad settings.
 */
export function failureStatusOf(
  error: unknown,
): Extract<HookStatus, 'failed' | 'timed_out' | 'cancelled'> {
  if (CancelledError.isInstance(error)) return 'cancelled';
  if (SwarmliftError.isInstance(error) && error.category === 'cancelled') return 'cancelled';
  if (SwarmliftError.isInstance(error) && error.category === 'timed_out') return 'timed_out';
  return 'failed';
}

/** The error's stable code for SWARMLIFT_ERROR_CODE, or undefined for a foreign error. */
export function errorCodeOf(error: unknown): string | undefined {
  return SwarmliftError.isInstance(error) ? error.code : undefined;
}
