import { describe, expect, it } from 'vitest';
import { secretsToMask } from './secrets-to-mask.js';

describe('secretsToMask', () => {
  const key =
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nAAAAB3NzaC1yc2EAAAADAQAB\n-----END OPENSSH PRIVATE KEY-----\n';
  const masks = secretsToMask({
    inputs: {
      'ssh-private-key': key,
      'registry-username': 'deploy',
      'registry-password': 'reg-pass-1234',
      registry: 'ghcr.io',
    },
    appEnv: new Map(
      Object.entries({
        SECRET_KEY: 'django-secret-value-0123456789',
        DB_PASSWORD: 'db pass%',
        DB_USER: 'app',
        SENTRY_DSN: 'https://abc@sentry.example/1',
        CACHE_URL: 'redis://:cache-pw-99@redis:6379/0',
        STRIPE_API_KEY: 'sk_live_123456',
        DEBUG: '0',
      }),
    ),
    processEnv: { GITHUB_TOKEN: 'ghs_tokenvalue' },
  });

  it('masks the secret inputs, each line of the key, and the registry login in base64', () => {
    expect(masks).toContain('reg-pass-1234');
    expect(masks).toContain('b3BlbnNzaC1rZXktdjEAAAAA');
    expect(masks).toContain('AAAAB3NzaC1yc2EAAAADAQAB');
    expect(masks).toContain(Buffer.from('deploy:reg-pass-1234').toString('base64'));
    expect(masks).toContain('ghs_tokenvalue');
  });

  it('masks the env values of secret settings and of secret-looking keys, in their derived forms', () => {
    expect(masks).toContain('django-secret-value-0123456789');
    expect(masks).toContain('db pass%');
    expect(masks).toContain('db%20pass%25');
    expect(masks).toContain(Buffer.from('db pass%').toString('base64'));
    expect(masks).toContain('https://abc@sentry.example/1');
    expect(masks).toContain('sk_live_123456');
    expect(masks).toContain('cache-pw-99');
  });

  it('leaves plain values alone and every mask is one non-empty line', () => {
    expect(masks).not.toContain('app');
    expect(masks).not.toContain('0');
    expect(masks).not.toContain('ghcr.io');
    for (const mask of masks) expect(mask).toMatch(/^[^\r\n]+$/);
  });
});
