import { RegistryAuthError, RegistryUnreachableError } from '@swarmlift/image-builder';
import { describe, expect, it } from 'vitest';
import { registryPullVerdict, registryVerdict } from './registry-check.js';

const base = { registry: 'ghcr.io', image: 'ghcr.io/acme/shop/django-app:abc1234' };

describe('registryVerdict', () => {
  it('passes when the registry accepts the login, whether or not the tag exists', () => {
    expect(
      registryVerdict({ ...base, login: 'acme', outcome: { ok: true, exists: false } }).message,
    ).toBe(
      'ghcr.io accepts the login from acme; ghcr.io/acme/shop/django-app:abc1234 is not pushed yet (deploy builds it)',
    );
    expect(
      registryVerdict({ ...base, login: undefined, outcome: { ok: true, exists: true } }).status,
    ).toBe('ok');
  });
  it('a refused login points at REGISTRY_USERNAME and REGISTRY_PASSWORD', () => {
    const error = new RegistryAuthError({ registry: 'ghcr.io', reason: 'HTTP 401' });
    const verdict = registryVerdict({ ...base, login: 'acme', outcome: { ok: false, error } });
    expect(verdict.status).toBe('failed');
    expect(verdict.message).toContain('[REGISTRY_AUTH_FAILED]');
    expect(verdict.hint).toContain('REGISTRY_PASSWORD');
  });
  it('an unreachable registry keeps the error’s own hint', () => {
    const error = new RegistryUnreachableError({ registry: 'ghcr.io', reason: 'DNS' });
    expect(
      registryVerdict({ ...base, login: 'acme', outcome: { ok: false, error } }).message,
    ).toContain('[REGISTRY_UNREACHABLE]');
  });
});

describe('registryPullVerdict', () => {
  it('passes with the engine’s answer, or without credentials to check', () => {
    expect(
      registryPullVerdict({
        registry: 'r',
        anonymous: false,
        outcome: { ok: true, status: 'Login Succeeded' },
      }).message,
    ).toContain('Login Succeeded');
    expect(
      registryPullVerdict({ registry: 'r', anonymous: true, outcome: { ok: true, status: '' } })
        .status,
    ).toBe('ok');
  });
  it('fails with the engine’s message and what the manager needs', () => {
    const verdict = registryPullVerdict({
      registry: 'r:5000',
      anonymous: false,
      outcome: { ok: false, message: 'unauthorized' },
    });
    expect(verdict).toMatchObject({ status: 'failed' });
    expect(verdict.message).toBe("the manager's engine could not log in to r:5000: unauthorized");
    expect(verdict.hint).toContain('insecure-registries');
  });
});
