export {
  type CreateSuperuserOptions,
  type CreateSuperuserResult,
  createSuperuser,
} from './create-superuser.js';
export {
  LockHeldError,
  MigratorError,
  type MigratorErrorCode,
  OneOffError,
  type OneOffFailureDetails,
} from './errors.js';
export type { MigratorEvent, OnMigratorEvent } from './events.js';
export type { LogStream, OnLog } from './log-collector.js';
export { type MigrateOptions, type MigrateResult, migrate } from './migrate.js';
export type {
  DockerRemote,
  RegistryAuth,
  RunOneOffOptions,
  RunOneOffResult,
} from './one-off-types.js';
export { type MigrateOutput, parseMigrateOutput } from './parse-migrate-output.js';
export { runOneOff } from './run-one-off.js';
export { type AcquireStackLockOptions, acquireStackLock, type StackLock } from './stack-lock.js';
