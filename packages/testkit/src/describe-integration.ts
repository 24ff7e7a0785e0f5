import { describe } from 'vitest';
import { loadTestEnv, type TestEnv, TestEnvMissingError } from './test-env.js';

/**
 * `describe` for tests against the real local services. Without the
 * environment the suite fails in CI (CI=true) and is skipped locally, both
 * with a message that says how to start it. A target chosen with
 * SWARMLIFT_TESTENV_FILE that is not there always fails.
 */
export function describeIntegration(name: string, body: (env: TestEnv) => void): void {
  let env: TestEnv;
  try {
    env = loadTestEnv();
  } catch (error) {
    if (!(error instanceof TestEnvMissingError) || error.chosen || process.env.CI === 'true')
      throw error;
    // The default reporter hides skipped suites' names; say it where it shows.
    console.warn(`[integration] skipping "${name}": ${error.message}`);
    describe.skip(`${name} — skipped: ${error.message}`, () => {});
    return;
  }
  describe(name, () => body(env));
}
