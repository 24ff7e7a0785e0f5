import { describe, expect, it } from 'vitest';
import { parseDuration } from './parse-duration.js';

describe('parseDuration', () => {
  it('reads bare seconds and units', () => {
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('300')).toBe(300_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration(' 2M ')).toBe(120_000);
    expect(parseDuration('250', 'ms')).toBe(250);
  });
  it('refuses anything else', () => {
    for (const text of ['', '-1', '5 m', '5d', 'm', 'soon', '1m30', '1e3']) {
      expect(parseDuration(text), text).toBeUndefined();
    }
  });
});
