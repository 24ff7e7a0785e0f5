import { describe, expect, it } from 'vitest';
import { formatDuration, formatWarning } from './events.js';

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
