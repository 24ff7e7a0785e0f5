import { HostKeyMismatchError, HostKeyUnknownError, RemoteError } from '@swarmlift/remote';
import { describe, expect, it } from 'vitest';
import { isSshStageError, sshVerdict } from './ssh-check.js';

const target = 'deploy@203.0.113.7:22';

describe('sshVerdict', () => {
  it('passes with the verified key', () => {
    const verdict = sshVerdict({
      target,
      pinSource: 'SSH_HOST_KEY',
      outcome: {
        ok: true,
        kind: 'ssh',
        hostKey: { fingerprint: 'SHA256:abc', keyType: 'ssh-ed25519' },
      },
    });
    expect(verdict).toMatchObject({ status: 'ok' });
    expect(verdict.message).toContain('ssh-ed25519 SHA256:abc matches SSH_HOST_KEY');
  });

  it('a wrong pin: names SSH_HOST_KEY and the fingerprint the server offers', () => {
    const error = new HostKeyMismatchError({
      host: '203.0.113.7',
      expected: ['SHA256:pinned'],
      actual: 'SHA256:offered',
      keyType: 'ssh-ed25519',
      source: 'the pinned fingerprint',
    });
    const verdict = sshVerdict({
      target,
      pinSource: 'SSH_HOST_KEY',
      outcome: { ok: false, error },
    });
    expect(verdict.status).toBe('failed');
    expect(verdict.message).toBe(
      'the host key of 203.0.113.7 does not match SSH_HOST_KEY: the server offers SHA256:offered',
    );
    expect(verdict.hint).toContain('set SSH_HOST_KEY to it');
  });

  it('no pin: the fingerprint to check and pin', () => {
    const error = new HostKeyUnknownError({
      host: 'h',
      fingerprint: 'SHA256:offered',
      keyType: 'ssh-ed25519',
      line: 'h ssh-ed25519 AAAA',
      searched: 'no pin',
    });
    const verdict = sshVerdict({
      target,
      pinSource: 'SSH_HOST_KEY',
      outcome: { ok: false, error },
    });
    expect(verdict.message).toContain('the server offers SHA256:offered');
  });

  it('a refused login points at SSH_USER and SSH_PRIVATE_KEY', () => {
    const error = new RemoteError({ code: 'SSH_AUTH_FAILED', message: 'denied', hint: 'h' });
    const verdict = sshVerdict({
      target,
      pinSource: 'SSH_HOST_KEY',
      outcome: { ok: false, error },
    });
    expect(verdict).toMatchObject({ status: 'failed' });
    expect(verdict.hint).toContain('SSH_PRIVATE_KEY');
  });

  it('an engine failure after the SSH session was up is not an SSH failure', () => {
    const error = new RemoteError({ code: 'DOCKER_UNREACHABLE', message: 'no engine', hint: 'h' });
    expect(isSshStageError(error)).toBe(false);
    expect(
      sshVerdict({ target, pinSource: 'SSH_HOST_KEY', outcome: { ok: false, error } }).status,
    ).toBe('ok');
    expect(
      isSshStageError(new RemoteError({ code: 'SSH_CONNECT_FAILED', message: 'x', hint: 'h' })),
    ).toBe(true);
  });

  it('DOCKER_HOST targets pass without SSH', () => {
    expect(
      sshVerdict({
        target: 'unix:///var/run/docker.sock',
        pinSource: 'SSH_HOST_KEY',
        outcome: { ok: true, kind: 'unix' },
      }).message,
    ).toContain('no SSH');
  });
});
