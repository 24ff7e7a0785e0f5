export { type ConnectOptions, connect, type Remote } from './connect.js';
export { ensureSwarmManager, type SwarmManagerInfo } from './ensure-swarm-manager.js';
export {
  HostKeyMismatchError,
  HostKeyUnknownError,
  RemoteCommandError,
  RemoteError,
  type RemoteErrorCode,
} from './errors.js';
export type { RemoteEvent } from './events.js';
export type { ExecOptions, ExecResult } from './exec-types.js';
export { type HostKeyOptions, parseFingerprint } from './host-key-policy.js';
export { type KnownHostEntry, knownHostsName, parseKnownHosts } from './known-hosts.js';
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
export { quoteArg, quoteArgv } from './shell-quote.js';
export type { DockerTransport } from './ssh-docker-agent.js';
export { fingerprintOf } from './ssh-key-blob.js';
