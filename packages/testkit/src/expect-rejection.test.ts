import { describe, expect, it } from 'vitest';
import { expectRejection } from './expect-rejection.js';
import { sshConnectOptions } from './ssh-connect-options.js';
import type { TestEnv } from './test-env.js';

const env = {
  SSH_USER: 'deploy',
  SSH_HOST: '127.0.0.1',
  SSH_PORT: 2222,
  SSH_KEY_PATH: '/nonexistent/sltest/id_ed25519',
  SSH_HOST_KEY_FINGERPRINT: 'SHA256:abc',
  REGISTRY_PASSWORD: 'registry-secret-value',
  PG_PASSWORD: 'pg-secret-value',
} as TestEnv;

class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint = 'do this',
  ) {
    super(message);
  }
  static isInstance(error: unknown): error is CodedError {
    return error instanceof CodedError;
  }
}

describe('expectRejection', () => {
  it('passes for the right class, code and message, and returns the error', async () => {
    const error = await expectRejection(Promise.reject(new CodedError('LOCK_HELD', 'held by x')), {
      code: 'LOCK_HELD',
      class: CodedError,
      message: /held by/,
      env,
    });
    expect(error.hint).toBe('do this');
  });

  it('fails on a resolved promise, another code, another class, or a secret in the text', async () => {
    await expect(expectRejection(Promise.resolve(1), { code: 'X', env })).rejects.toThrow(
      /resolved/,
    );
    await expect(
      expectRejection(Promise.reject(new CodedError('A', 'm')), { code: 'B', env }),
    ).rejects.toThrow();
    await expect(
      expectRejection(Promise.reject(Object.assign(new Error('m'), { code: 'A' })), {
        code: 'A',
        brandOf: CodedError,
        env,
      }),
    ).rejects.toThrow(/isInstance/);
    await expect(
      expectRejection(
        Promise.reject(new CodedError('A', 'login failed', 'password registry-secret-value')),
        { code: 'A', env },
      ),
    ).rejects.toThrow(/secret/);
    await expect(
      expectRejection(Promise.reject(new CodedError('A', 'token tok-12345')), {
        code: 'A',
        env,
        secrets: ['tok-12345'],
      }),
    ).rejects.toThrow(/secret/);
  });
});

describe('sshConnectOptions', () => {
  it('pins the test sshd’s host key, and takes overrides', () => {
    expect(sshConnectOptions(env)).toEqual({
      target: 'ssh://deploy@127.0.0.1:2222',
      privateKeyPath: env.SSH_KEY_PATH,
      hostKey: { fingerprint: 'SHA256:abc' },
    });
    const known = sshConnectOptions(env, { hostKey: { knownHostsFile: '/kh' }, reconnect: true });
    expect(known).toMatchObject({ hostKey: { knownHostsFile: '/kh' }, reconnect: true });
    const typed: { hostKey: { knownHostsFile: string }; reconnect: boolean } = known;
    expect(typed.reconnect).toBe(true);
  });
});
