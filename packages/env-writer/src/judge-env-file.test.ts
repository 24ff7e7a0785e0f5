import { describe, expect, it } from 'vitest';
import { judgeEnvFile, varsOfEntries } from './judge-env-file.js';
import { parseEnvFile } from './parse-env-file.js';

describe('judgeEnvFile', () => {
  it('accepts a clean file and lists its keys in file order', () => {
    const entries = parseEnvFile('B=2\nA=1\nB=3\n');
    expect(judgeEnvFile(entries)).toEqual({ issues: [], warnings: [], keys: ['B', 'A'] });
    expect(varsOfEntries(entries)).toEqual({ B: '3', A: '1' });
  });

  it('names each problem with its line: bare keys, empty values, schema issues', () => {
    const entries = parseEnvFile('# c\nGOOD=1\nEMPTY=\nBARE\n');
    const judged = judgeEnvFile(entries, {
      schemaIssues: [
        { key: 'GOOD', code: 'SCHEMA', message: 'must be 2' },
        { key: 'MISSING', code: 'SCHEMA', message: 'is required but not set' },
      ],
    });
    expect(judged.issues.map((i) => [i.key, i.code])).toEqual([
      ['BARE (line 4)', 'VALUE_MISSING'],
      ['EMPTY (line 3)', 'VALUE_EMPTY'],
      ['GOOD (line 2)', 'SCHEMA'],
      ['MISSING', 'SCHEMA'],
    ]);
  });

  it('allows empty values with allowEmpty and passes the warnings on', () => {
    const judged = judgeEnvFile(parseEnvFile('EMPTY=\nQ="x"\n'), { allowEmpty: true });
    expect(judged.issues).toEqual([]);
    expect(judged.warnings.map((w) => [w.type, w.code, w.key])).toEqual([
      ['warning', 'ENV_VALUE_QUOTED', 'Q'],
    ]);
  });
});
