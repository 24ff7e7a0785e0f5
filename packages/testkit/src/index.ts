export { describeIntegration } from './describe-integration.js';
export {
  dockerCli,
  dockerClient,
  removeStack,
  TEST_PREFIX,
  uniqueName,
  waitFor,
} from './docker.js';
export { freePort, type HostKeyType, type PrivateSshd, startPrivateSshd } from './private-sshd.js';
export { findRepoRoot, loadTestEnv, type TestEnv, TestEnvMissingError } from './test-env.js';
