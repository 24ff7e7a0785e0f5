import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  it('shows seconds with one decimal under a minute', () => {
    expect(formatDuration(0)).toBe('0.0 s');
    expect(formatDuration(40)).toBe('0.0 s');
    expect(formatDuration(850)).toBe('0.9 s');
    expect(formatDuration(4100)).toBe('4.1 s');
    expect(formatDuration(59_900)).toBe('59.9 s');
  });

  it('shows minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(59_960)).toBe('1 min 0 s');
    expect(formatDuration(62_000)).toBe('1 min 2 s');
    expect(formatDuration(3_599_000)).toBe('59 min 59 s');
    expect(formatDuration(3_723_000)).toBe('1 h 2 min');
  });

  it('treats negative and non-finite durations as zero', () => {
    expect(formatDuration(-5)).toBe('0.0 s');
    expect(formatDuration(Number.NaN)).toBe('0.0 s');
  });
});
