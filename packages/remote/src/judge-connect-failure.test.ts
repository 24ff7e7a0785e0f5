import { CancelledError, OptionsError, TimedOutError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { HostKeyMismatchError, HostKeyUnknownError, RemoteError } from './errors.js';
import { judgeConnectFailure } from './judge-connect-failure.js';

const options = { timeoutMs: 10_000 };
const remoteError = (code: ConstructorParameters<typeof RemoteError>[0]['code'], cause?: unknown) =>
  new RemoteError({ code, message: `Cannot connect to deploy@m1:22: ${code}.`, hint: 'h', cause });

describe('judgeConnectFailure', () => {
  it('skips a target that is down, with the reason in a few words', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(judgeConnectFailure(remoteError('SSH_CONNECT_FAILED', refused), options)).toEqual({
      action: 'next',
      reason: 'connection refused',
    });
    const unreachable = Object.assign(new Error('x'), { code: 'EHOSTUNREACH' });
    expect(
      judgeConnectFailure(remoteError('SSH_CONNECT_FAILED', unreachable), options).reason,
    ).toBe('host unreachable');
  });

  it('says how long it waited for a target that timed out', () => {
    const timedOut = new TimedOutError({ what: 'Connecting to m1', timeoutMs: 10_000 });
    expect(judgeConnectFailure(timedOut, options)).toEqual({
      action: 'next',
      reason: 'timed out after 10 s',
    });
    const wrapped = remoteError('SSH_CONNECT_FAILED', timedOut);
    expect(judgeConnectFailure(wrapped, { timeoutMs: 2500 })).toEqual({
      action: 'next',
      reason: 'timed out after 2.5 s',
    });
  });

  it('skips a target without an engine, a worker and a refused key', () => {
    for (const code of [
      'DOCKER_UNREACHABLE',
      'DOCKER_NOT_SWARM_MANAGER',
      'SSH_AUTH_FAILED',
    ] as const) {
      expect(judgeConnectFailure(remoteError(code), options).action).toBe('next');
    }
    expect(judgeConnectFailure(remoteError('SSH_AUTH_FAILED'), options).reason).toBe(
      'authentication refused',
    );
  });

  it('stops at a host key that does not match its pin: a possible attack is not "down"', () => {
    const mismatch = new HostKeyMismatchError({
      host: 'm1',
      expected: ['SHA256:a'],
      actual: 'SHA256:b',
      keyType: 'ssh-ed25519',
      source: 'the pinned fingerprint',
    });
    expect(judgeConnectFailure(mismatch, options)).toEqual({
      action: 'stop',
      reason: 'host key mismatch',
    });
    const unknown = new HostKeyUnknownError({
      host: 'm2',
      fingerprint: 'SHA256:b',
      keyType: 'ssh-ed25519',
      line: 'm2 ssh-ed25519 AAAA',
      searched: 'no pin',
    });
    expect(judgeConnectFailure(unknown, options).action).toBe('stop');
  });

  it('stops on settings that are wrong for every target, on a cancel and on foreign errors', () => {
    for (const code of [
      'SSH_KEY_INVALID',
      'REMOTE_TARGET_INVALID',
      'SSH_HOST_KEY_PIN_INVALID',
    ] as const) {
      expect(judgeConnectFailure(remoteError(code), options).action).toBe('stop');
    }
    expect(judgeConnectFailure(new CancelledError(), options).action).toBe('stop');
    expect(
      judgeConnectFailure(new OptionsError({ field: 'f', message: 'm', hint: 'h' }), options)
        .action,
    ).toBe('stop');
    expect(judgeConnectFailure(new TypeError('bug'), options)).toEqual({
      action: 'stop',
      reason: 'bug',
    });
  });
});
