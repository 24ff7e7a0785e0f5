import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggestion } from './did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('deploy', 'deploy')).toBe(0);
    expect(editDistance('dploy', 'deploy')).toBe(1);
    expect(editDistance('depoly', 'deploy')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('didYouMean', () => {
  it('suggests a close candidate', () => {
    expect(didYouMean('delpoy', ['deploy', 'plan'])).toBe('deploy');
    expect(didYouMean('--stak', ['--stack', '--json'])).toBe('--stack');
    expect(didYouMean('MIGRAT', ['migrate', 'manage'])).toBe('migrate');
  });
  it('suggests nothing when no candidate is close', () => {
    expect(didYouMean('frobnicate', ['deploy', 'plan'])).toBeUndefined();
    expect(didYouMean('x', ['deploy'])).toBeUndefined();
    expect(suggestion('zzzz', ['deploy'])).toBe('');
    expect(suggestion('plam', ['deploy', 'plan'])).toBe(' (did you mean plan?)');
  });
});
