export { checkRemote } from './check-remote.js';
export { type ConnectOptions, connect, type Remote } from './connect.js';
export {
  type ConnectFirstOptions,
  type ConnectFirstResult,
  connectFirst,
  DEFAULT_CONNECT_FIRST_TIMEOUT_MS,
} from './connect-first.js';
export {
  type ConnectFlagValues,
  connectFlags,
  connectFlagsHelp,
  connectOptionsFromEnv,
} from './connect-options-from-env.js';
export type { DockerRemote } from './docker-remote.js';
export {
  type EnsureSwarmManagerOptions,
  ensureSwarmManager,
  type SwarmManagerInfo,
} from './ensure-swarm-manager.js';
export {
  HostKeyMismatchError,
  HostKeyUnknownError,
  ImageDigestError,
  LockHeldError,
  LockLostError,
  LockNotManualError,
  RemoteCommandError,
  RemoteError,
  type RemoteErrorCode,
  remoteErrorCodes,
} from './errors.js';
export type {
  ConnectEvent,
  ConnectFirstEvent,
  HostKeyTrustedOnFirstUseWarning,
  LockLostWarning,
  LockRenewalFailedWarning,
  LockTakenOverWarning,
  RemoteEvent,
  RemoteWarningEvent,
  StackLockEvent,
  TargetSkippedWarning,
} from './events.js';
export type { ExecOptions, ExecResult } from './exec-types.js';
export { formatEvent } from './format-event.js';
export { type HostKeyOptions, parseFingerprint } from './host-key-policy.js';
export { type ConnectFailureVerdict, judgeConnectFailure } from './judge-connect-failure.js';
export { type KnownHostEntry, knownHostsName, parseKnownHosts } from './known-hosts.js';
export { NoTargetReachableError, type SkippedTarget } from './no-target-reachable-error.js';
export type { VerifiedHostKey } from './open-ssh-client.js';
export {
  DEFAULT_DOCKER_SOCKET,
  type GuideTargetPieces,
  type ParseTargetOptions,
  parseTarget,
  type SshTarget,
  type Target,
  type TcpTarget,
  type TlsFiles,
  type UnixTarget,
} from './parse-target.js';
export { normalizeKeyText } from './private-key.js';
export {
  type ResolvedImageDigest,
  type ResolveImageDigestOptions,
  resolveImageDigest,
} from './resolve-image-digest.js';
export { quoteArg, quoteArgv } from './shell-quote.js';
export type { DockerTransport } from './ssh-docker-agent.js';
export { fingerprintOf } from './ssh-key-blob.js';
export {
  type AcquireStackLockOptions,
  acquireStackLock,
  breakStackLock,
  type PlaceManualStackLockOptions,
  placeManualStackLock,
  type ReadStackLockOptions,
  type ReleaseOptions,
  readStackLock,
  releaseManualStackLock,
  type StackLock,
} from './stack-lock.js';
export {
  LOCK_LABEL,
  LOCK_NEVER_EXPIRES,
  type StackLockInfo,
  type StackLockKind,
} from './stack-lock-state.js';
