import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatWarning } from './events.js';

describe('event formatting', () => {
  it.each([
    [0, '0 ms'],
    [849.6, '850 ms'],
    [1_250, '1.2 s'],
    [9_990, '9.9 s'],
    [42_400, '42 s'],
    [125_000, '2 min 05 s'],
    [Number.NaN, '? ms'],
  ])('formatDuration(%d) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each([
    [512, '512 B'],
    [2_900_000, '2.9 MB'],
    [45_300, '45.3 kB'],
    [1_200_000_000, '1.2 GB'],
    [-1, '? B'],
  ])('formatBytes(%d) = %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it('formats a warning on one line with its code and context', () => {
    expect(
      formatWarning({
        type: 'warning',
        code: 'DEPLOY_SHORT_LIVED_CREDENTIALS',
        message: 'a\nb',
        service: 'web',
      }),
    ).toBe('warning [DEPLOY_SHORT_LIVED_CREDENTIALS] service web: a …');
    expect(formatWarning({ type: 'warning', code: 'X', message: 'm', stack: 'app' })).toBe(
      'warning [X] stack app: m',
    );
  });
});
