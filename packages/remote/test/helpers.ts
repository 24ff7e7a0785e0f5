import { sshConnectOptions, type TestEnv } from '@swarmlift/testkit';
import type { ConnectOptions } from '../src/index.js';

/** Connect options for the shared test sshd, pinned by fingerprint (testkit's sshConnectOptions). */
export function sshOptions(env: TestEnv, overrides: Partial<ConnectOptions> = {}): ConnectOptions {
  return { ...sshConnectOptions(env), ...overrides };
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
