import { describe, expect, it } from 'vitest';
import { parseEnvInput } from './parse-env-input.js';

describe('parseEnvInput', () => {
  it('reads KEY=VALUE lines literally, skipping blanks and comments', () => {
    const { entries, problems } = parseEnvInput(
      '# the app\nSECRET_KEY=a=b#c "d"\n\n  DB_HOST=db\r\nEMPTY=\nDB_HOST=db2\n',
    );
    expect(problems).toEqual([]);
    expect(Object.fromEntries(entries)).toEqual({
      SECRET_KEY: 'a=b#c "d"',
      DB_HOST: 'db2',
      EMPTY: '',
    });
  });

  it('reads KEY<<DELIMITER blocks as multi-line values', () => {
    const { entries, problems } = parseEnvInput('CERT<<EOF\nline one\nline two\nEOF\nB=2');
    expect(problems).toEqual([]);
    expect(entries.get('CERT')).toBe('line one\nline two');
    expect(entries.get('B')).toBe('2');
  });

  it('names the line and never the value of a bad line', () => {
    const { problems } = parseEnvInput(
      'GOOD=1\nSECRET_KEY: hunter2hunter2\n1BAD=hunter3hunter3\n=hunter4\nOPEN<<END\nhunter5',
    );
    expect(problems.map((problem) => problem.line)).toEqual([2, 3, 4, 5]);
    expect(problems[0]?.message).toMatch(/not `KEY=VALUE`/);
    expect(problems[1]?.message).toMatch(/not a variable name/);
    expect(problems[2]?.message).toMatch(/empty/);
    expect(problems[3]?.message).toMatch(/OPEN: no line END closes/);
    expect(JSON.stringify(problems)).not.toMatch(/hunter/);
  });

  it('is empty for an empty input', () => {
    expect(parseEnvInput('')).toEqual({ entries: new Map(), problems: [] });
  });
});
