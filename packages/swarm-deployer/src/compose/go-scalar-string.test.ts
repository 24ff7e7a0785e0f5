import { describe, expect, it } from 'vitest';
import { formatGoFloat, goNumberText } from './go-scalar-string.js';

describe('goNumberText (what the CLI makes of an unquoted number in a string mapping)', () => {
  // Each pair checked with `docker stack config` (CLI 28) on an environment mapping.
  it.each([
    ['1e6', '1e+06'],
    ['0x1F', '31'],
    ['1.0', '1'],
    ['1_000', '1000'],
    ['0o17', '15'],
    ['017', '15'],
    ['.5', '0.5'],
    ['1.5e3', '1500'],
    ['-0.0', '-0'],
    ['12345678901234567890', '12345678901234567890'],
    ['42', '42'],
    ['-7', '-7'],
    ['0800', '800'],
    ['.inf', '+Inf'],
  ])('%s → %s', (source, text) => {
    expect(goNumberText(source)).toBe(text);
  });

  it.each(['yes', 'abc', '1.2.3', '0x', '', '12a'])('leaves %j to YAML', (source) => {
    expect(goNumberText(source)).toBeUndefined();
  });

  it('formats floats like fmt.Sprint', () => {
    expect(formatGoFloat(123456)).toBe('123456');
    expect(formatGoFloat(1234567)).toBe('1.234567e+06');
    expect(formatGoFloat(0.0001)).toBe('0.0001');
    expect(formatGoFloat(0.00001)).toBe('1e-05');
    expect(formatGoFloat(1e21)).toBe('1e+21');
  });
});
