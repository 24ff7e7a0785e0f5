export {
  CLUSTER_ENV_FILE_VARIABLE,
  type ClusterEnv,
  ClusterEnvMissingError,
  type ClusterEnvNode,
  clusterEnvFile,
  clusterEnvNode,
  loadClusterEnv,
  parseClusterEnv,
} from './cluster-env.js';
export { describeIntegration } from './describe-integration.js';
export {
  dockerCli,
  dockerClient,
  removeStack,
  TEST_PREFIX,
  uniqueName,
  waitFor,
} from './docker.js';
export { parseEnvFile } from './env-file.js';
export {
  type ErrorClassLike,
  type ExpectedRejection,
  expectRejection,
  type Rejection,
  testEnvSecrets,
} from './expect-rejection.js';
export { freePort, type HostKeyType, type PrivateSshd, startPrivateSshd } from './private-sshd.js';
export { type SshConnectOptions, sshConnectOptions } from './ssh-connect-options.js';
export {
  findRepoRoot,
  isSocket,
  loadTestEnv,
  TESTENV_FILE_VARIABLE,
  type TestEnv,
  TestEnvMissingError,
  testEnvFile,
} from './test-env.js';
