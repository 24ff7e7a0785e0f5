import { redact } from '@swarmlift/env-writer/env-file';
import { describe, expect, it } from 'vitest';
import { jsonLine, redactValue } from './json-line.js';

const SECRET = 's3cr3t-"value"';
const r = (text: string) => redact(text, [SECRET]);

describe('jsonLine', () => {
  it('writes one JSON line with every string redacted', () => {
    const line = jsonLine(
      { type: 'event', event: { message: `token ${SECRET}`, list: [SECRET] } },
      r,
    );
    expect(line.endsWith('\n')).toBe(true);
    expect(line.split('\n')).toHaveLength(2);
    expect(JSON.parse(line)).toEqual({
      type: 'event',
      event: { message: 'token ***', list: ['***'] },
    });
    expect(line).not.toContain('s3cr3t');
  });

  it('carries errors, bigints, buffers, dates and cycles without throwing', () => {
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    const error = Object.assign(new Error(`bad ${SECRET}`), { code: 'X' });
    const parsed = JSON.parse(
      jsonLine(
        {
          type: 'event',
          error,
          big: 10n,
          bytes: Buffer.from(SECRET),
          at: new Date(0),
          cyclic,
          nope: undefined,
          fn: () => 1,
          inf: Number.POSITIVE_INFINITY,
        },
        r,
      ),
    );
    expect(parsed).toEqual({
      type: 'event',
      error: { name: 'Error', message: 'bad ***', code: 'X' },
      big: '10',
      bytes: '[14 bytes]',
      at: '1970-01-01T00:00:00.000Z',
      cyclic: { name: 'c', self: '[circular]' },
      inf: 'Infinity',
    });
  });

  it('falls back to a bare line when redaction would break the JSON', () => {
    const tricky = ':"x';
    const line = jsonLine({ type: 'event', a: 'x' }, (text) => redact(text, [tricky]));
    expect(JSON.parse(line)).toEqual({ type: 'event', redacted: true });
  });

  it('redactValue copies plain data with strings and keys redacted', () => {
    expect(redactValue({ [SECRET]: [`a ${SECRET}`], n: 1 }, r)).toEqual({ '***': ['a ***'], n: 1 });
  });
});
