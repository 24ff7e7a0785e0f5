// Go's time.ParseDuration, which the CLI uses for every compose duration
// ("1m30s", "300ms", "1.5h"); the result is in nanoseconds, as the Engine API wants.
const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Returns nanoseconds, or undefined when `text` is not a Go duration. */
export function parseDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  const part = /^(\d*(?:\.\d*)?)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== '') {
    const match = part.exec(rest);
    if (!match || match[1] === '' || match[1] === '.') return undefined;
    const [whole, number = '', unit = ''] = match;
    total += Number(number) * (UNIT_NS[unit] ?? Number.NaN);
    rest = rest.slice(whole.length);
  }
  return Number.isFinite(total) ? sign * Math.round(total) : undefined;
}
