import { registryCredentials } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { loadWarnings, shortLivedCredentialWarnings } from './plan-warnings.js';

describe('plan warnings', () => {
  it('puts the loader’s warnings in the one warning shape, place first', () => {
    expect(
      loadWarnings({
        name: 'shop',
        warnings: [
          {
            code: 'UNSUPPORTED_KEY',
            path: 'services.web.build',
            message: 'build is ignored',
            source: { file: '/a/docker-compose.yml', line: 4, column: 5 },
          },
        ],
      }),
    ).toEqual([
      {
        type: 'warning',
        code: 'UNSUPPORTED_KEY',
        message: '/a/docker-compose.yml:4: build is ignored',
        stack: 'shop',
      },
    ]);
  });

  it('warns once per registry whose credentials look short-lived, never showing them', () => {
    const credentials = [
      registryCredentials({ registry: 'ghcr.io', username: 'ci', password: 'ghs_abcdef123456' }),
      registryCredentials({ registry: '127.0.0.1:5000', username: 'u', password: 'long-lived' }),
    ];
    const warnings = shortLivedCredentialWarnings({
      stack: 'shop',
      images: ['ghcr.io/acme/app:1', 'ghcr.io/acme/worker:1', '127.0.0.1:5000/x:1', 'busybox'],
      credentials,
    });
    expect(warnings.map((w) => [w.code, w.message.split(' ').slice(0, 5).join(' ')])).toEqual([
      ['SHORT_LIVED_REGISTRY_CREDENTIAL', 'The credentials for ghcr.io look'],
    ]);
    expect(JSON.stringify(warnings)).not.toContain('ghs_abcdef');
  });
});
