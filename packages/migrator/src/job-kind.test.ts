import { describe, expect, it } from 'vitest';
import { compareApiVersions } from './job-kind.js';

describe('compareApiVersions', () => {
  it('compares major and minor numerically', () => {
    expect(compareApiVersions('1.41', '1.43')).toBeLessThan(0);
    expect(compareApiVersions('1.43', '1.43')).toBe(0);
    expect(compareApiVersions('1.100', '1.43')).toBeGreaterThan(0);
    expect(compareApiVersions('2.0', '1.99')).toBeGreaterThan(0);
  });
});
