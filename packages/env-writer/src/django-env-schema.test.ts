import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { djangoEnvSchema } from './django-env-schema.js';

const valid = {
  SECRET_KEY: 'k7#Qp!x2$Lm9@vB4^nR8&tY1*wZ6(cF3)hJ5-gD0_sA=eU+iO{oP}lK[jH]',
  DB_NAME: 'app',
  DB_USER: 'app',
  DB_PASSWORD: 'secret',
  DB_HOST: '172.18.0.1',
  REDIS_URI: 'redis:6379/0',
};

function problems(input: Record<string, unknown>) {
  const result = djangoEnvSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
}

describe('djangoEnvSchema', () => {
  it('accepts the guide variables and fills defaults', () => {
    expect(djangoEnvSchema.parse(valid)).toEqual({ ...valid, DEBUG: '0', DB_PORT: '5432' });
  });

  it('accepts DEBUG and DB_PORT as numbers or booleans from scripts', () => {
    expect(djangoEnvSchema.parse({ ...valid, DEBUG: true, DB_PORT: 6432 })).toMatchObject({
      DEBUG: '1',
      DB_PORT: '6432',
    });
  });

  it.each([
    ['a short key', `${'x'.repeat(10)}abcde`, 'at least 50'],
    ['the startproject key', `django-insecure-${'a1b2c3d4e5'.repeat(5)}`, 'startproject'],
    ['too few different characters', 'abab'.repeat(13), '5 different'],
    ['a placeholder', `change-me-${'0123456789'.repeat(5)}`, 'placeholder'],
  ])('rejects %s for SECRET_KEY', (_, SECRET_KEY, message) => {
    const found = problems({ ...valid, SECRET_KEY });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
    expect(found[0]).not.toContain(SECRET_KEY);
  });

  it.each(['0', '65536', 'abc', '-1', '5432x'])('rejects DB_PORT %j', (DB_PORT) => {
    expect(problems({ ...valid, DB_PORT })).toEqual([
      'DB_PORT: must be a port number between 1 and 65535',
    ]);
  });

  it.each(['redis://redis:6379/0', 'redis:6379', 'redis', ':6379/0'])(
    'rejects REDIS_URI %j',
    (REDIS_URI) => {
      expect(problems({ ...valid, REDIS_URI })[0]).toContain('host:port/db');
    },
  );

  it('rejects DEBUG other than 0 or 1', () => {
    expect(problems({ ...valid, DEBUG: 'true' })).toEqual(['DEBUG: must be 0 or 1']);
  });

  it('rejects empty required values', () => {
    expect(problems({ ...valid, DB_NAME: '' })).toEqual(['DB_NAME: must not be empty']);
  });

  it('passes unknown variables through and can be extended', () => {
    const extended = djangoEnvSchema.extend({ SENTRY_DSN: z.url() });
    expect(
      extended.parse({ ...valid, SENTRY_DSN: 'https://k@sentry.example/1', OTHER: 'x' }),
    ).toMatchObject({
      SENTRY_DSN: 'https://k@sentry.example/1',
      OTHER: 'x',
    });
    expect(extended.safeParse(valid).success).toBe(false);
  });
});
