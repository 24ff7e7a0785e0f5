export { describeIntegration } from './describe-integration.js';
export {
  dockerCli,
  dockerClient,
  removeStack,
  TEST_PREFIX,
  uniqueName,
  waitFor,
} from './docker.js';
export {
  type ErrorClassLike,
  type ExpectedRejection,
  expectRejection,
  type Rejection,
  testEnvSecrets,
} from './expect-rejection.js';
export { freePort, type HostKeyType, type PrivateSshd, startPrivateSshd } from './private-sshd.js';
export { type SshConnectOptions, sshConnectOptions } from './ssh-connect-options.js';
export { findRepoRoot, loadTestEnv, type TestEnv, TestEnvMissingError } from './test-env.js';
