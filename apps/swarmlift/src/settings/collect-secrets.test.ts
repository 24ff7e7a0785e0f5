import { describe, expect, it } from 'vitest';
import { collectSecrets, urlPasswords } from './collect-secrets.js';

const KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDd2vZ1sBvXq7b9bZ3bNwM1kJ0qvZ8fRpLq6x3yP0YhVgAAAJg=',
  '-----END OPENSSH PRIVATE KEY-----',
  '',
].join('\n');

describe('collectSecrets', () => {
  it('has each secret setting, each line of a key, but not its BEGIN/END lines', () => {
    const secrets = collectSecrets({
      secretSettings: ['s3cret-key-value', KEY, undefined],
      appEnv: { DEBUG: '1', DB_PORT: '5432', DB_NAME: 'shop' },
      env: {},
    });
    expect(secrets).toContain('s3cret-key-value');
    expect(secrets).toContain(KEY);
    expect(secrets).toContain(KEY.trim());
    expect(secrets).toContain('QyNTUxOQAAACDd2vZ1sBvXq7b9bZ3bNwM1kJ0qvZ8fRpLq6x3yP0YhVgAAAJg=');
    expect(secrets).not.toContain('-----BEGIN OPENSSH PRIVATE KEY-----');
    expect(secrets).not.toContain('1');
    expect(secrets).not.toContain('5432');
    expect(secrets).not.toContain('shop');
    // longest first
    const lengths = secrets.map((secret) => secret.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
  });

  it('has the URL-encoded and JSON-escaped forms', () => {
    const secrets = collectSecrets({ secretSettings: ['p@ss "word"/1'], appEnv: {}, env: {} });
    expect(secrets).toEqual(
      expect.arrayContaining(['p@ss "word"/1', 'p%40ss%20%22word%22%2F1', 'p@ss \\"word\\"/1']),
    );
    const key = collectSecrets({ secretSettings: [KEY], appEnv: {}, env: {} });
    expect(key).toContain(JSON.stringify(KEY).slice(1, -1));
  });

  it('splits a key whose newlines are escaped', () => {
    const escaped = KEY.trim().replace(/\n/g, '\\n');
    const secrets = collectSecrets({ secretSettings: [escaped], appEnv: {}, env: {} });
    expect(secrets).toContain(
      'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
    );
  });

  it('has passwords inside URLs, extra secret-looking variables and the registry login', () => {
    const secrets = collectSecrets({
      secretSettings: [],
      appEnv: {
        REDIS_URI: 'redis://:r3dis%2Fpw@redis:6379/0',
        DATABASE_URL: 'postgres://app:pg-pass@db:5432/shop',
        SENTRY_DSN: 'https://abc123def@sentry.example/1',
        STRIPE_API_KEY: 'sk_live_123456',
        SITE_NAME: 'My shop',
      },
      registry: { username: 'bot', password: 'ghp_registrypw' },
      env: { GITHUB_TOKEN: 'ghs_token_value', DJANGO_SUPERUSER_PASSWORD: 'admin-pw-1' },
    });
    expect(secrets).toEqual(
      expect.arrayContaining([
        'r3dis%2Fpw',
        'r3dis/pw',
        'pg-pass',
        'https://abc123def@sentry.example/1',
        'sk_live_123456',
        'ghp_registrypw',
        Buffer.from('bot:ghp_registrypw').toString('base64'),
        'ghs_token_value',
        'admin-pw-1',
      ]),
    );
    expect(secrets).not.toContain('My shop');
    expect(secrets).not.toContain('bot');
  });
});

describe('urlPasswords', () => {
  it('finds the password of each URL', () => {
    expect(urlPasswords('redis://:pw1@h:1/0 and amqp://u:p%40w@h')).toEqual([
      'pw1',
      'p%40w',
      'p@w',
    ]);
    expect(urlPasswords('redis:6379/0')).toEqual([]);
    expect(urlPasswords('https://user@host/')).toEqual([]);
  });
});

describe('collectSecrets: names passed to hooks', () => {
  it('treats the values of hooks.env names as secrets, whatever the names', () => {
    const secrets = collectSecrets({
      secretSettings: [],
      appEnv: {},
      env: {
        NOTIFY_URL: 'https://u:p4ssw0rd@hooks.example/s',
        SHORT: 'ab',
        UNLISTED: 'visible-value',
      },
      passedToHooks: ['NOTIFY_URL', 'SHORT', 'MISSING'],
    });
    expect(secrets).toContain('https://u:p4ssw0rd@hooks.example/s');
    expect(secrets).toContain('p4ssw0rd');
    expect(secrets).not.toContain('ab');
    expect(secrets).not.toContain('visible-value');
  });
});
