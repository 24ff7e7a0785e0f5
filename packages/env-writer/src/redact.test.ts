import { describe, expect, it } from 'vitest';
import { createRedact, redact } from './redact.js';

const secret = 'p@ss/w0rd+&"x y';

describe('redact', () => {
  it('hides every occurrence of a secret', () => {
    expect(redact(`a ${secret} b ${secret}`, [secret])).toBe('a *** b ***');
  });

  it('hides URL-encoded and JSON-escaped forms', () => {
    expect(redact(`postgres://u:${encodeURIComponent(secret)}@h/db`, [secret])).toBe(
      'postgres://u:***@h/db',
    );
    expect(redact(`q=${encodeURIComponent(secret).replace(/%20/g, '+')}`, [secret])).toBe('q=***');
    expect(redact(JSON.stringify({ password: secret }), [secret])).toBe('{"password":"***"}');
  });

  it('hides the base64 form, alone and inside a longer base64 text at any alignment', () => {
    expect(redact(Buffer.from(secret).toString('base64'), [secret])).not.toContain(
      Buffer.from(secret).toString('base64').slice(0, 8),
    );
    for (const prefix of ['', 'u', 'us', 'user:']) {
      const encoded = Buffer.from(`${prefix}${secret}`).toString('base64');
      const out = redact(`Authorization: Basic ${encoded}`, [secret]);
      expect(out).toContain('***');
      // what is left of the encoded text is at most the few characters that mix in the prefix and the end
      expect(
        out.replace('Authorization: Basic ', '').replace('***', '').length,
      ).toBeLessThanOrEqual(prefix.length + 4);
    }
  });

  it('hides a docker registry auth blob (base64url of JSON)', () => {
    const blob = Buffer.from(JSON.stringify({ username: 'ci', password: secret })).toString(
      'base64url',
    );
    const out = redact(blob, [secret]);
    expect(out).toContain('***');
    expect(Buffer.from(out.replace('***', ''), 'base64url').toString()).not.toContain('w0rd');
  });

  it('hides the longer of two overlapping secrets whole', () => {
    expect(redact('token=abcdef123456', ['abc', 'abcdef123456'])).toBe('token=***');
  });

  it('ignores empty and missing values and leaves other text alone', () => {
    expect(redact('nothing to hide', ['', undefined, null])).toBe('nothing to hide');
    expect(redact('keep this', ['absent-secret'])).toBe('keep this');
  });

  it('treats regular-expression characters in secrets literally', () => {
    expect(redact('a.*b and aXXb', ['a.*b'])).toBe('*** and aXXb');
  });

  it('uses a custom replacement', () => {
    expect(redact(`x${secret}x`, [secret], { replacement: '[masked]' })).toBe('x[masked]x');
  });
});

describe('createRedact', () => {
  it('redacts like redact, with the secrets compiled once', () => {
    const hide = createRedact([secret, undefined, '']);
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${Buffer.from(secret).toString('base64')}`;
    expect(hide(text)).toBe(redact(text, [secret]));
    expect(hide(text)).not.toContain(secret);
    expect(hide('nothing here')).toBe('nothing here');
  });

  it('returns the text as is without secrets, and still checks it is a string', () => {
    const hide = createRedact([]);
    expect(hide('plain')).toBe('plain');
    expect(() => hide(42 as unknown as string)).toThrow('text');
  });

  it('names the field when the secrets are not a list', () => {
    expect(() => createRedact('oops' as unknown as string[])).toThrow('secretValues');
  });
});
