// The CLI reads a compose file with go-yaml v2 and turns numbers in string
// mappings (environment, labels, sysctls, options) into text with Go's
// fmt.Sprint. Both differ from JavaScript: go-yaml reads 0o17, 0800 and
// 12345678901234567890 its own way, and Go prints 1e6 as "1e+06" and -0.0 as
// "-0". This gives, for an unquoted scalar, the text the CLI would use.

const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b, a leading 0 for octal). */
function parseGoInteger(text: string): bigint | undefined {
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(
    text,
  );
  if (!match) return undefined;
  const [, sign = '', digits = ''] = match;
  let magnitude: bigint;
  if (/^0[oO]/.test(digits)) magnitude = BigInt(`0o${digits.slice(2)}`);
  else if (/^0[0-7]+$/.test(digits)) magnitude = BigInt(`0o${digits.slice(1)}`);
  else magnitude = BigInt(digits);
  const value = sign === '-' ? -magnitude : magnitude;
  if (sign === '' && value > INT64_MAX) return value <= UINT64_MAX ? value : undefined;
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

/** Go's fmt.Sprint of a float64: the shortest digits, %e form from exponent -5 down or 6 up. */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/**
 * The CLI's text for an unquoted scalar that go-yaml reads as a number, or
 * undefined when go-yaml reads it as something else (a string, a boolean).
 */
export function goNumberText(source: string): string | undefined {
  const plain = source.replaceAll('_', '');
  if (!/^[-+.0-9]/.test(plain)) return undefined;
  const integer = parseGoInteger(plain);
  if (integer !== undefined) return integer.toString();
  if (GO_FLOAT.test(plain)) return formatGoFloat(Number.parseFloat(plain));
  const special = /^([-+]?)\.(inf|Inf|INF)$/.exec(plain);
  if (special) return special[1] === '-' ? '-Inf' : '+Inf';
  if (/^\.(nan|NaN|NAN)$/.test(plain)) return 'NaN';
  return undefined;
}
