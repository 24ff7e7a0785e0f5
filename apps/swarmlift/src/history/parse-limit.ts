import { CliError } from '../errors.js';

const MAX = 1000;

/** `history -n COUNT`: a whole number from 1; absent (or the bare flag) = all records. */
export function parseLimit(value: string | boolean | undefined): number | undefined {
  if (value === undefined || value === false) return undefined;
  const text = value === true ? '' : value.trim();
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count >= 1 && count <= MAX) return count;
  }
  throw new CliError({
    code: 'CLI_HISTORY_LIMIT_INVALID',
    category: 'invalid',
    message: `-n/--limit must be a whole number from 1 to ${MAX}, got ${value === true ? 'nothing' : JSON.stringify(value)}.`,
    hint: 'Give how many of the newest records to show, e.g. `swarmlift history -n 5`.',
  });
}
