import { describe, expect, it } from 'vitest';
import { bytesField, cpusField, durationField } from './field-values.js';
import type { PathProblem } from './path-problem.js';

describe('field values', () => {
  it('convert durations, sizes and CPUs; undefined stays undefined without a problem', () => {
    const problems: PathProblem[] = [];
    expect(durationField('1m30s', ['d'], problems)).toBe(90_000_000_000);
    expect(bytesField('512m', ['b'], problems)).toBe(512 * 1024 * 1024);
    expect(bytesField(1024, ['b'], problems)).toBe(1024);
    expect(cpusField('0.5', ['c'], problems)).toBe(500_000_000);
    expect(cpusField(2, ['c'], problems)).toBe(2_000_000_000);
    expect(durationField(undefined, ['d'], problems)).toBeUndefined();
    expect(bytesField(undefined, ['b'], problems)).toBeUndefined();
    expect(cpusField(undefined, ['c'], problems)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('report a value that does not convert at its path, with an example', () => {
    const problems: PathProblem[] = [];
    expect(durationField('soon', ['s', 'd'], problems)).toBeUndefined();
    expect(bytesField('12zz', ['s', 'b'], problems)).toBeUndefined();
    expect(cpusField('many', ['s', 'c'], problems)).toBeUndefined();
    expect(problems).toEqual([
      { path: ['s', 'd'], message: '"soon" is not a duration (use e.g. "10s", "1m30s", "500ms")' },
      {
        path: ['s', 'b'],
        message: '"12zz" is not a size (use e.g. 512m, 1g or a number of bytes)',
      },
      { path: ['s', 'c'], message: '"many" is not a number of CPUs (use e.g. "0.5")' },
    ]);
  });
});
