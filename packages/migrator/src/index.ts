export {
  type CreateSuperuserOptions,
  type CreateSuperuserResult,
  createSuperuser,
} from './create-superuser.js';
export {
  MigrateLockError,
  MigratorError,
  type MigratorErrorCode,
  migratorErrorCodes,
  OneOffError,
  type OneOffErrorCode,
  type OneOffFailureDetails,
} from './errors.js';
export type {
  ImagePulledEvent,
  ImageResolvedEvent,
  MigratorEvent,
  NetworkCreatedEvent,
  OneOffCreatedEvent,
  OneOffFinishedEvent,
  OneOffRef,
  OneOffRemovedEvent,
  OneOffWarningEvent,
  OnMigratorEvent,
} from './events.js';
export { formatEvent } from './format-event.js';
export type { JobKind } from './job-kind.js';
export type { LogStream, OnLog } from './log-collector.js';
export { type MigrateOptions, type MigrateResult, migrate } from './migrate.js';
export { ONE_OFF_NAME_LABEL } from './one-off-labels.js';
export type { RunOneOffOptions, RunOneOffResult } from './one-off-types.js';
export { type MigrateOutput, parseMigrateOutput } from './parse-migrate-output.js';
export { runOneOff } from './run-one-off.js';
