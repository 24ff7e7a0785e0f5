import {
  assertOwnBrands,
  coreErrorCodes,
  exitCodeOf,
  exitCodes,
  OptionsError,
  SwarmliftError,
} from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import {
  HostKeyMismatchError,
  HostKeyUnknownError,
  ImageDigestError,
  LockHeldError,
  LockLostError,
  LockNotManualError,
  RemoteCommandError,
  RemoteError,
  remoteErrorCodes,
} from './index.js';

const mismatch = new HostKeyMismatchError({
  host: 'h',
  expected: ['SHA256:a'],
  actual: 'SHA256:b',
  keyType: 'ssh-ed25519',
  source: 'the pinned fingerprint',
});

describe('remote errors', () => {
  it('give every class its own brand', () => {
    expect(() =>
      assertOwnBrands([
        RemoteError,
        HostKeyMismatchError,
        HostKeyUnknownError,
        RemoteCommandError,
        ImageDigestError,
        LockHeldError,
        LockLostError,
        LockNotManualError,
      ]),
    ).not.toThrow();
  });

  it('are exact in isInstance: a base-class error is no subclass instance', () => {
    const target = new RemoteError({ code: 'REMOTE_TARGET_INVALID', message: 'm', hint: 'h' });
    expect(RemoteError.isInstance(target)).toBe(true);
    expect(SwarmliftError.isInstance(target)).toBe(true);
    expect(HostKeyMismatchError.isInstance(target)).toBe(false);
    expect(HostKeyMismatchError.isInstance(mismatch)).toBe(true);
    expect(RemoteError.isInstance(mismatch)).toBe(true);
    expect(HostKeyUnknownError.isInstance(mismatch)).toBe(false);
    expect(RemoteError.isInstance(new OptionsError({ field: 'f', message: 'm', hint: 'h' }))).toBe(
      false,
    );
    expect(mismatch.name).toBe('HostKeyMismatchError');
    expect(RemoteError.hasCode(mismatch, 'SSH_HOST_KEY_MISMATCH')).toBe(true);
    expect(RemoteError.hasCode(mismatch, 'SSH_CLOSED')).toBe(false);
  });

  it('narrow to the subclass, so its fields type-check', () => {
    const error: unknown = new LockHeldError({
      lock: 'swarmlift-lock.app.deploy',
      owner: 'ci-1',
      since: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T00:15:00.000Z',
    });
    if (!LockHeldError.isInstance(error)) throw new Error('expected a LockHeldError');
    expect([error.owner, error.code, error.category]).toEqual(['ci-1', 'LOCK_HELD', 'lock_held']);
    expect(exitCodeOf(error)).toBe(exitCodes.lock_held);
  });

  it('say a manual lock is held by hand, with its message, and that it stays until released', () => {
    const manual = new LockHeldError({
      lock: 'swarmlift-lock.app.deploy',
      owner: 'ana@laptop',
      since: '2026-01-01T00:00:00.000Z',
      expiresAt: 'never',
      kind: 'manual',
      lockMessage: 'db maintenance',
    });
    expect(manual.message).toContain('by hand by ana@laptop');
    expect(manual.message).toContain('"db maintenance"');
    expect(manual.hint).toContain('swarmlift lock release');
    expect([manual.kind, manual.lockMessage, exitCodeOf(manual)]).toEqual([
      'manual',
      'db maintenance',
      exitCodes.lock_held,
    ]);
    const notManual = new LockNotManualError({
      lock: 'l',
      owner: 'ci-1',
      since: 's',
      expiresAt: 'e',
      expired: false,
    });
    expect(notManual.hint).toContain('unlock --force');
    expect(exitCodeOf(notManual)).toBe(exitCodes.lock_held);
  });

  it('map SSH, host key and engine failures to unreachable, bad input to invalid', () => {
    const of = (code: (typeof remoteErrorCodes)[number]) =>
      exitCodeOf(new RemoteError({ code, message: 'm', hint: 'h' }));
    for (const code of [
      'SSH_CONNECT_FAILED',
      'SSH_AUTH_FAILED',
      'SSH_HOST_KEY_MISMATCH',
      'SSH_HOST_KEY_UNKNOWN',
      'SSH_CONNECTION_LOST',
      'DOCKER_UNREACHABLE',
    ] as const)
      expect(of(code)).toBe(exitCodes.unreachable);
    expect(of('REMOTE_TARGET_INVALID')).toBe(exitCodes.invalid);
    expect(of('SSH_KEY_INVALID')).toBe(exitCodes.invalid);
    expect(of('REMOTE_COMMAND_FAILED')).toBe(exitCodes.failed);
    expect(exitCodeOf(mismatch)).toBe(exitCodes.unreachable);
  });

  it('list unique codes with the package prefixes, none of them core’s', () => {
    expect(new Set(remoteErrorCodes).size).toBe(remoteErrorCodes.length);
    for (const code of remoteErrorCodes) {
      expect(code).toMatch(/^(SSH|DOCKER|REMOTE|LOCK|IMAGE_DIGEST)_/);
      expect(coreErrorCodes as readonly string[]).not.toContain(code);
    }
  });
});
