import { LockHeldError } from '@swarmlift/remote';

/**
 * Whether `--lock-wait` retries after this error: only another run's lock
 * (it ends when that run ends, or expires when it died), and only while the
 * next try (`nextTryAt`) is before `giveUpAt`. A manual lock is held by a
 * person until released, so waiting for it is pointless: never.
 */
export function shouldWaitForLock(error: unknown, nextTryAt: number, giveUpAt: number): boolean {
  if (!LockHeldError.isInstance(error)) return false;
  if (error.kind === 'manual') return false;
  return nextTryAt <= giveUpAt;
}
