import { describe, expect, it } from 'vitest';
import { parseAuthChallenge } from './registry-challenge.js';

describe('parseAuthChallenge', () => {
  it('parses a bearer challenge', () => {
    expect(
      parseAuthChallenge(
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/r:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:o/r:pull' },
    });
  });

  it('parses basic, tokens, escapes and spacing', () => {
    expect(parseAuthChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry Realm' },
    });
    expect(parseAuthChallenge('bearer Realm = "a\\"b" , error=invalid_token')).toEqual({
      scheme: 'bearer',
      params: { realm: 'a"b', error: 'invalid_token' },
    });
    expect(parseAuthChallenge('Bearer realm="x", Basic realm="y"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'x' },
    });
  });

  it('returns undefined for nothing', () => {
    expect(parseAuthChallenge(null)).toBeUndefined();
    expect(parseAuthChallenge('  ')).toBeUndefined();
  });
});
