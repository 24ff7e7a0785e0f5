import { SwarmliftError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { settingHint } from './setting-hint.js';

const error = (code: string, message = 'm') => new SwarmliftError({ code, message, hint: 'h' });

describe('settingHint', () => {
  it('gives the fingerprint to pin and how to check it, and says ssh-keyscan is no pin', () => {
    const hint = settingHint(
      error(
        'SSH_HOST_KEY_UNKNOWN',
        'The server offered ssh-ed25519 SHA256:UwWsyuwoIrspCm2D9s3eJ836IuXORit/EeNthTQIxM4.',
      ),
    );
    expect(hint).toContain('SSH_HOST_KEY=SHA256:UwWsyuwoIrspCm2D9s3eJ836IuXORit/EeNthTQIxM4');
    expect(hint).toContain('ssh-keygen -lf');
    expect(hint).toContain('ssh-keyscan is not a pin');
  });

  it('names the registry settings for a refused login', () => {
    expect(settingHint(error('REGISTRY_AUTH_FAILED'))).toContain('REGISTRY_PASSWORD');
  });

  it('says nothing for other errors', () => {
    expect(settingHint(error('DEPLOY_FAILED'))).toBeUndefined();
    expect(settingHint(new Error('x'))).toBeUndefined();
  });
});
