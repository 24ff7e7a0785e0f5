import { describe, expect, it } from 'vitest';
import { describeLive, liveMismatch } from './static-hosts.js';

describe('describeLive', () => {
  it('one host: its release, or none', () => {
    expect(describeLive([{ host: 'm1', live: 'abc1234' }])).toBe('abc1234');
    expect(describeLive([{ host: 'm1', live: undefined }])).toBe('none');
  });
  it('several hosts that agree: once', () => {
    expect(
      describeLive([
        { host: 'w1', live: 'abc1234' },
        { host: 'w2', live: 'abc1234' },
      ]),
    ).toBe('abc1234 on every host');
  });
  it('several hosts that differ: each', () => {
    expect(
      describeLive([
        { host: 'w1', live: 'abc1234' },
        { host: 'w2', live: undefined },
      ]),
    ).toBe('w1 abc1234, w2 none');
  });
});

describe('liveMismatch', () => {
  it('is a problem only when hosts differ', () => {
    expect(liveMismatch([{ host: 'm1', live: 'a' }])).toBeUndefined();
    expect(
      liveMismatch([
        { host: 'w1', live: 'a' },
        { host: 'w2', live: 'a' },
      ]),
    ).toBeUndefined();
    expect(
      liveMismatch([
        { host: 'w1', live: 'a' },
        { host: 'w2', live: 'b' },
      ]),
    ).toBe('the static hosts serve different releases: w1 a, w2 b');
  });
});
