import type { TestEnv } from './test-env.js';

/** The test environment's `connect()` options: the shared sshd, its deploy key, its host key pinned. */
export interface SshConnectOptions {
  target: string;
  privateKeyPath: string;
  hostKey: { fingerprint: string };
}

/**
 * `connect()` options for the shared test sshd (from `.testenv/env`), its host
 * key pinned by fingerprint — the form the package template asks for.
 * `overrides` replace whole fields, e.g. `{ hostKey: { knownHostsFile:
 * env.SSH_KNOWN_HOSTS_PATH } }` or `{ reconnect: true }`. Typed structurally,
 * so testkit needs no dependency on @swarmlift/remote.
 */
export function sshConnectOptions<O extends object = Record<never, never>>(
  env: TestEnv,
  overrides?: O,
): Omit<SshConnectOptions, keyof O> & O {
  return {
    target: `ssh://${env.SSH_USER}@${env.SSH_HOST}:${env.SSH_PORT}`,
    privateKeyPath: env.SSH_KEY_PATH,
    hostKey: { fingerprint: env.SSH_HOST_KEY_FINGERPRINT },
    ...overrides,
  } as unknown as Omit<SshConnectOptions, keyof O> & O;
}
