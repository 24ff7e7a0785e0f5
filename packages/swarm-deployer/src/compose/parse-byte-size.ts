// go-units' RAMInBytes, which the CLI uses for memory and tmpfs sizes:
// "512m", "1g", "1.5GB", "1024" (binary multiples; b, k, m, g, t, p; an
// optional "i" and "b" after the unit letter).
const MULTIPLIER: Record<string, number> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/** Returns bytes, or undefined when `value` is not a size. */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = /^(\d+(?:\.\d+)*) ?([kmgtp])?i?b?$/i.exec(value);
  if (!match) return undefined;
  const size = Number.parseFloat(match[1] ?? '');
  const unit = (match[2] ?? '').toLowerCase();
  const bytes = size * (MULTIPLIER[unit] ?? Number.NaN);
  return Number.isFinite(bytes) ? Math.trunc(bytes) : undefined;
}

/** The CLI's opts.ParseCPUs: "0.5" → 500000000 NanoCPUs; must come out as whole nanoseconds. */
export function parseNanoCpus(value: string | number): number | undefined {
  const text = String(value).trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const [whole = '0', fraction = ''] = text.split('.');
  if (fraction.replace(/0+$/, '').length > 9) return undefined;
  return Number(whole) * 1e9 + Number(fraction.padEnd(9, '0').slice(0, 9));
}
