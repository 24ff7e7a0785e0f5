import { describe, expect, it } from 'vitest';
import { maskValues, redactionValues } from './secret-values.js';

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaC1rZXktdjEAAAAA\n\n  QyNTUxOQAAACD2\n}\n-----END OPENSSH PRIVATE KEY-----\n';

describe('maskValues', () => {
  it('masks a single-line value and its derived forms', () => {
    const forms = maskValues('p@ss word/+=');
    expect(forms).toContain('p@ss word/+=');
    expect(forms).toContain(encodeURIComponent('p@ss word/+='));
    expect(forms).toContain('p%40ss+word%2F%2B%3D');
    expect(forms).toContain(Buffer.from('p@ss word/+=').toString('base64'));
    expect(forms).toContain(Buffer.from('p@ss word/+=').toString('base64url'));
    expect(new Set(forms).size).toBe(forms.length);
  });

  it('masks a JSON-escaped form when it differs', () => {
    expect(maskValues('a"b\\c')).toContain('a\\"b\\\\c');
  });

  it('masks a multi-line value line by line, skipping empty and tiny lines, never a line break', () => {
    const forms = maskValues(KEY);
    expect(forms).toContain('-----BEGIN OPENSSH PRIVATE KEY-----');
    expect(forms).toContain('b3BlbnNzaC1rZXktdjEAAAAA');
    expect(forms).toContain('QyNTUxOQAAACD2');
    expect(forms).toContain('-----END OPENSSH PRIVATE KEY-----');
    expect(forms).not.toContain('}');
    expect(forms).not.toContain('');
    expect(forms.every((form) => !/[\r\n]/.test(form))).toBe(true);
    expect(forms).toContain(JSON.stringify(KEY).slice(1, -1));
    expect(forms).toContain(Buffer.from(KEY).toString('base64'));
  });

  it('masks nothing for an empty or blank value', () => {
    expect(maskValues('')).toEqual([]);
    expect(maskValues('  \n ')).toEqual([]);
  });
});

describe('redactionValues', () => {
  it('keeps each value, its trimmed form, and the lines of multi-line values', () => {
    const values = redactionValues(['  padded  ', KEY, '', 'plain']);
    expect(values).toEqual(
      expect.arrayContaining([
        '  padded  ',
        'padded',
        KEY,
        'b3BlbnNzaC1rZXktdjEAAAAA',
        'QyNTUxOQAAACD2',
        'plain',
      ]),
    );
    expect(values).not.toContain('');
    expect(values).not.toContain('}');
  });
});
