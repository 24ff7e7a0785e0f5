import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { loadTestEnv, type TestEnv } from './test-env.js';

/** An error class with a static `isInstance` (every swarmlift error class has one). */
export interface ErrorClassLike {
  readonly name: string;
  readonly brand?: string;
  isInstance(error: unknown): boolean;
}

export interface ExpectedRejection {
  /** The error's `code`, e.g. `LOCK_HELD`. */
  code: string;
  /** The class the error must belong to, checked with its `isInstance` (exact brands, across copies). */
  class?: ErrorClassLike | undefined;
  /** The same as `class`. */
  brandOf?: ErrorClassLike | undefined;
  /** A text the message contains, or a pattern it matches. */
  message?: string | RegExp | undefined;
  /** More values that must not appear in the message or hint, beside the test environment's secrets. */
  secrets?: readonly string[] | undefined;
  /** The test environment whose secrets are checked; default: `.testenv/env` when it is there. */
  env?: TestEnv | undefined;
}

/** What a rejection is checked to be: an Error with a code (and usually a hint). */
export type Rejection = Error & { code: string; hint?: string };

/**
 * Awaits `promise`, expects it to reject, and checks the error: its class
 * (`class.isInstance`), its `code`, its message (when given), and that
 * neither message nor hint contains a secret of the test environment
 * (registry and database passwords, the SSH private key) or one of `secrets`.
 * Resolves with the error for further checks.
 */
export async function expectRejection(
  promise: Promise<unknown>,
  expected: ExpectedRejection,
): Promise<Rejection> {
  let settled: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    settled = { ok: true, value: await promise };
  } catch (error) {
    settled = { ok: false, error };
  }
  if (settled.ok) {
    expect.fail(`expected a rejection with code ${expected.code}, but the promise resolved`);
  }
  const error = settled.error as Rejection;
  expect(error, 'the rejection is an Error').toBeInstanceOf(Error);
  const errorClass = expected.class ?? expected.brandOf;
  if (errorClass) {
    expect(
      errorClass.isInstance(error),
      `${errorClass.name}.isInstance(${error?.name}: ${error?.message})`,
    ).toBe(true);
  }
  expect(error.code, `code of ${error?.name}: ${error?.message}`).toBe(expected.code);
  if (typeof expected.message === 'string') expect(error.message).toContain(expected.message);
  else if (expected.message) expect(error.message).toMatch(expected.message);
  const text = `${error.message}\n${error.hint ?? ''}`;
  for (const secret of [...testEnvSecrets(expected.env), ...(expected.secrets ?? [])]) {
    if (secret.length < 4) continue;
    expect(
      text.includes(secret),
      `the message or hint shows a secret (${secret.slice(0, 3)}…)`,
    ).toBe(false);
  }
  return error;
}

/**
 * The values of the test environment that must never appear in an error:
 * the registry and database passwords and the lines of the SSH private key.
 */
export function testEnvSecrets(env?: TestEnv): string[] {
  const source = env ?? tryLoadTestEnv();
  if (!source) return [];
  const secrets = [source.REGISTRY_PASSWORD, source.PG_PASSWORD];
  try {
    const key = readFileSync(source.SSH_KEY_PATH, 'utf8');
    for (const line of key.split('\n')) {
      const body = line.trim();
      if (body.length >= 20 && !body.startsWith('-----')) secrets.push(body);
    }
  } catch {
    // No key file (a fake env in a unit test): nothing more to check.
  }
  return secrets;
}

function tryLoadTestEnv(): TestEnv | undefined {
  try {
    return loadTestEnv();
  } catch {
    return undefined;
  }
}
