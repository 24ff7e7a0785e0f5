import { type PrivateSshd, sshConnectOptions, type TestEnv } from '@swarmlift/testkit';
import type { ConnectOptions } from '../src/index.js';

/** Connect options for the shared test sshd, pinned by fingerprint (testkit's sshConnectOptions). */
export function sshOptions(env: TestEnv, overrides: Partial<ConnectOptions> = {}): ConnectOptions {
  return { ...sshConnectOptions(env), ...overrides };
}

/**
 * Connect options for a private sshd (on this host's 127.0.0.1), pinned to its
 * own host key and reaching the test environment's engine by its socket on this
 * host — /var/run/docker.sock for the 20.10 env, another socket for a second
 * target such as engine 26 — so the engine checked locally is the one used.
 */
export function privateSshdOptions(
  env: TestEnv,
  sshd: PrivateSshd,
  overrides: Partial<ConnectOptions> = {},
): ConnectOptions {
  return sshOptions(env, {
    target: `ssh://${env.SSH_USER}@127.0.0.1:${sshd.port}`,
    hostKey: { fingerprint: sshd.hostKeys[0]?.fingerprint ?? '' },
    dockerSocket: env.DOCKER_SOCKET,
    ...overrides,
  });
}

/** sshd_config lines for a private sshd whose sessions' `docker` (dial-stdio) must reach the env's engine. */
export function privateSshdEngineConfig(env: TestEnv): string[] {
  return [`SetEnv DOCKER_HOST=unix://${env.DOCKER_SOCKET}`];
}

/** Rejection of `promise`, or a failure when it resolves. */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<Error & { code?: string; hint?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; hint?: string };
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** How known_hosts names a host: bare on port 22, `[host]:port` otherwise. */
export function knownHostsHost(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}
