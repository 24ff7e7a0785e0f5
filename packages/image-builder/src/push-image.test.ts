import { describe, expect, it } from 'vitest';
import { pushFailure } from './push-image.js';

describe('pushFailure', () => {
  it.each([
    ['unauthorized: authentication required', 'REGISTRY_AUTH_FAILED'],
    ['no basic auth credentials', 'REGISTRY_AUTH_FAILED'],
    ['denied: permission_denied: write_package', 'REGISTRY_AUTH_FAILED'],
    [
      'Get "https://registry.invalid/v2/": dial tcp: lookup registry.invalid: no such host',
      'REGISTRY_UNREACHABLE',
    ],
    ['blob upload unknown', 'IMAGE_PUSH_FAILED'],
  ])('%s → %s', (reason, code) => {
    expect(pushFailure('r.example', 'r.example/a:b', reason)).toMatchObject({ code });
  });
});
