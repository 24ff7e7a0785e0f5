import type { Readable } from 'node:stream';

/**
 * Reads the engine's progress stream (one JSON object per line) and calls
 * `onLine` for each parsed object, in order. Text that is not JSON is handed
 * on as `{ stream: text }` so nothing the engine says is lost.
 */
export async function readJsonLines(
  stream: Readable,
  onLine: (line: Record<string, unknown>) => void,
): Promise<void> {
  let buffered = '';
  const flush = (text: string) => {
    const trimmed = text.trim();
    if (trimmed === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = { stream: trimmed };
    }
    if (typeof parsed === 'object' && parsed !== null) onLine(parsed as Record<string, unknown>);
  };
  for await (const chunk of stream) {
    buffered += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      flush(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  }
  flush(buffered);
}

/** The error text of a progress line (`errorDetail.message`, else `error`), or undefined. */
export function lineError(line: Record<string, unknown>): string | undefined {
  const detail = line.errorDetail as { message?: unknown } | undefined;
  if (detail && typeof detail.message === 'string' && detail.message !== '') return detail.message;
  if (typeof line.error === 'string' && line.error !== '') return line.error;
  if (detail) return JSON.stringify(detail);
  return undefined;
}
