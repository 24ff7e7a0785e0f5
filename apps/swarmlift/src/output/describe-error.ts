import { SwarmliftError, UsageError } from '@swarmlift/core';

/** What the reporter prints for an error (before redaction). */
export interface ErrorDescription {
  /** The SwarmliftError's stable code; none for usage and unexpected errors. */
  code?: string | undefined;
  message: string;
  hint?: string | undefined;
  /** A usage line (UsageError). */
  usage?: string | undefined;
  /** Stack and causes, only with SWARMLIFT_DEBUG=1. */
  debug?: string | undefined;
  /** Not a SwarmliftError or UsageError: a bug or a foreign error. */
  unexpected: boolean;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function debugText(error: unknown): string | undefined {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current) && parts.length < 5) {
    seen.add(current);
    const text =
      current instanceof Error
        ? (current.stack ?? `${current.name}: ${current.message}`)
        : messageOf(current);
    parts.push(parts.length === 0 ? text : `caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/**
 * A SwarmliftError gives its code, message and hint; a UsageError its message
 * and usage line; anything else its message only — its stack (and causes)
 * only when `debug` (SWARMLIFT_DEBUG=1). Use it to fill `RunSummary.error`.
 */
export function describeError(error: unknown, options: { debug?: boolean } = {}): ErrorDescription {
  const debug = options.debug ? debugText(error) : undefined;
  if (SwarmliftError.isInstance(error)) {
    return {
      code: error.code,
      message: error.message,
      hint: error.hint || undefined,
      debug,
      unexpected: false,
    };
  }
  if (UsageError.isInstance(error)) {
    return { message: error.message, usage: error.usage, debug, unexpected: false };
  }
  return { message: messageOf(error), debug, unexpected: true };
}

/** `error [CODE]: message`, `hint: …` (or `usage: …`), then the debug text. */
export function errorLines(description: ErrorDescription): string[] {
  const head = description.code ? `error [${description.code}]: ` : 'error: ';
  const lines = [`${head}${description.message}`];
  if (description.usage) lines.push(`usage: ${description.usage}`);
  if (description.hint) lines.push(`hint: ${description.hint}`);
  if (description.debug) lines.push(description.debug);
  else if (description.unexpected)
    lines.push('hint: run again with SWARMLIFT_DEBUG=1 to see the stack trace');
  return lines;
}
