import { describe, expect, it } from 'vitest';
import { EnvFileParseError, EnvWriterError } from './errors.js';
import { parseEnvFile } from './parse-env-file.js';

function parse(text: string) {
  return parseEnvFile(text).map(({ key, value }) => [key, value]);
}

function parseError(input: string | Uint8Array): EnvFileParseError {
  try {
    parseEnvFile(input, { file: '.env' });
  } catch (error) {
    if (error instanceof EnvFileParseError) return error;
    throw error;
  }
  throw new Error('expected a parse error');
}

describe('parseEnvFile (the Docker CLI rules)', () => {
  it('splits at the first "=" and keeps the rest literally', () => {
    expect(parse('A=b=c\nB="quoted"\nC=\'single\'\nD=x # not a comment\nE=$HOME ${X}\n')).toEqual([
      ['A', 'b=c'],
      ['B', '"quoted"'],
      ['C', "'single'"],
      ['D', 'x # not a comment'],
      ['E', '$HOME ${X}'],
    ]);
  });

  it('keeps trailing and inner whitespace of values, drops only a trailing carriage return', () => {
    expect(parse('A=x  \nB= y\r\nC=\t\n')).toEqual([
      ['A', 'x  '],
      ['B', ' y'],
      ['C', '\t'],
    ]);
  });

  it('ignores whole-line comments, blank lines and leading whitespace', () => {
    expect(parse('# comment\n\n   \n  # indented comment\n\t KEY=v\n\u00a0NBSP=1\n')).toEqual([
      ['KEY', 'v'],
      ['NBSP', '1'],
    ]);
  });

  it('reports a bare KEY line with an undefined value (Docker takes the shell value)', () => {
    expect(parseEnvFile('BARE\nSET=1')).toEqual([
      { key: 'BARE', value: undefined, line: 1 },
      { key: 'SET', value: '1', line: 2 },
    ]);
  });

  it('strips a UTF-8 byte order mark on the first line only', () => {
    expect(parse('\uFEFFA=1\n')).toEqual([['A', '1']]);
    expect(parseEnvFile(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0x3d, 0x31]))).toEqual([
      { key: 'A', value: '1', line: 1 },
    ]);
  });

  it('rejects whitespace inside a key, naming file and line', () => {
    const error = parseError('OK=1\nBAD KEY=2\n');
    expect(error.line).toBe(2);
    expect(error.message).toContain('.env:2');
    expect(error.code).toBe('ENV_FILE_INVALID');
    expect(EnvWriterError.isInstance(error)).toBe(true);
  });

  it('rejects a line without a variable name', () => {
    expect(parseError('A=1\n\n=value\n').line).toBe(3);
  });

  it('rejects invalid UTF-8, naming the line', () => {
    const bytes = Buffer.concat([
      Buffer.from('A=1\nB=2\nC='),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\n'),
    ]);
    const error = parseError(bytes);
    expect(error.line).toBe(3);
    expect(error.message).toContain('UTF-8');
  });

  it('rejects a line longer than Docker can read', () => {
    expect(parse(`A=${'x'.repeat(65_533)}`)[0]?.[1]).toHaveLength(65_533);
    expect(parseError(`A=${'x'.repeat(65_534)}`).line).toBe(1);
  });
});
