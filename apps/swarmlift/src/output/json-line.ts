/** Replaces values JSON cannot carry (or must not: Buffers, functions) with a plain form. */
function toPlain(value: unknown, redact: (text: string) => string, seen: Set<object>): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol')
    return undefined;
  if (typeof value !== 'object') return undefined;
  if (seen.has(value)) return '[circular]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  seen.add(value);
  try {
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return {
        name: value.name,
        message: redact(value.message),
        ...(typeof code === 'string' ? { code } : {}),
      };
    }
    if (Array.isArray(value)) return value.map((item) => toPlain(item, redact, seen) ?? null);
    if (value instanceof Map) return toPlain(Object.fromEntries(value), redact, seen);
    if (value instanceof Set) return toPlain([...value], redact, seen);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const plain = toPlain(item, redact, seen);
      if (plain !== undefined) out[redact(key)] = plain;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** A plain-data copy of `value` with every string (and key) redacted. */
export function redactValue<T>(value: T, redact: (text: string) => string): T {
  return toPlain(value, redact, new Set()) as T;
}

/**
 * One JSON line (with the newline) for `--json` stdout. Every string is
 * redacted, then the serialised line is redacted again (a secret's JSON- or
 * otherwise-encoded form). Should that second pass ever break the JSON (a
 * secret spanning JSON punctuation), only `type` and `redacted: true` are
 * written, so stdout stays pure JSON lines.
 */
export function jsonLine(
  value: Record<string, unknown> & { type: string },
  redact: (text: string) => string,
): string {
  const line = JSON.stringify(toPlain(value, redact, new Set()));
  const redacted = redact(line);
  if (redacted === line) return `${line}\n`;
  try {
    JSON.parse(redacted);
    return `${redacted}\n`;
  } catch {
    return `${JSON.stringify({ type: redact(value.type), redacted: true })}\n`;
  }
}
