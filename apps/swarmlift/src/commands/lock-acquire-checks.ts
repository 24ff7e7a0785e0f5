import { LockHeldError } from '@swarmlift/remote';
import { CliError } from '../errors.js';

/**
 * The message of `lock acquire -m MESSAGE`: required, non-blank, one line of
 * at most 500 characters (it is shown to every run the lock stops).
 */
export function lockMessageOf(option: string | boolean | undefined): string {
  const text = typeof option === 'string' ? option.trim() : '';
  if (text === '' || text.length > 500 || /[\r\n]/.test(text)) {
    throw new CliError({
      code: 'CLI_LOCK_MESSAGE_REQUIRED',
      category: 'invalid',
      message:
        text === ''
          ? 'lock acquire needs -m/--message: say why the stack is locked.'
          : '-m/--message must be one line of at most 500 characters.',
      hint: 'e.g. swarmlift lock acquire -m "database maintenance until 14:00" (every deploy it stops shows it).',
    });
  }
  return text;
}

/** Whether acquiring failed only because the same person (or run) already holds the manual lock. */
export function heldByYouAlready(error: unknown, performer: string): boolean {
  return LockHeldError.isInstance(error) && error.kind === 'manual' && error.owner === performer;
}
