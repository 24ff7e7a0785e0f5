import { describe, expect, it } from 'vitest';
import { parseEnvFile } from './env-file.js';

describe('parseEnvFile', () => {
  it('reads KEY=value lines, drops quotes around a value, skips comments and blanks', () => {
    const vars = parseEnvFile(
      '# generated\nA=1\nB="m1 m2"\n\nC=\'x y\'\nD=a=b\nlower=no\n  E=trimmed  \n',
    );
    expect(vars).toEqual({ A: '1', B: 'm1 m2', C: 'x y', D: 'a=b', E: 'trimmed' });
  });

  it('keeps a value with one stray quote as it is', () => {
    expect(parseEnvFile('A="half\n')).toEqual({ A: '"half' });
  });
});
