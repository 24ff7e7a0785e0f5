const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration in milliseconds: `90` (in `bareUnit`, default seconds), `90s`,
 * `5m`, `1h`, `1m30s`, `500ms`, `1.5m`. Undefined for anything else
 * (negative, empty, an unknown unit).
 */
export function parseDuration(text: string, bareUnit: 's' | 'ms' = 's'): number | undefined {
  const value = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * (UNITS[bareUnit] as number));
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) return undefined;
  let total = 0;
  for (const match of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(match[1]) * (UNITS[match[2] as string] as number);
  }
  return Math.round(total);
}
