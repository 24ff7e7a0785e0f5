export { describeIntegration } from './describe-integration.js';
export {
  dockerCli,
  dockerClient,
  removeStack,
  TEST_PREFIX,
  uniqueName,
  waitFor,
} from './docker.js';
export { findRepoRoot, loadTestEnv, type TestEnv, TestEnvMissingError } from './test-env.js';
