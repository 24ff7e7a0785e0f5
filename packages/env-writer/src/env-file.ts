// The `@swarmlift/env-writer/env-file` entry: reading, writing, checking and
// redacting env files without zod or the Django schema, so tools that only
// parse an env file (a stack's env_file:, the migrator's --env-file) start faster.
export {
  type CheckEnvFileOptions,
  type CheckEnvFileResult,
  checkEnvFile,
} from './check-env-file.js';
export {
  EnvFileAccessError,
  EnvFileParseError,
  EnvValidationError,
  EnvWriterError,
  type EnvWriterErrorCode,
  envWriterErrorCodes,
} from './errors.js';
export type { EnvFileWrittenEvent, EnvWriterEvent } from './events.js';
export { formatEvent } from './format-event.js';
export { type EnvFileEntry, type ParseEnvFileOptions, parseEnvFile } from './parse-env-file.js';
export { type ReadEnvFileOptions, type ReadEnvFileResult, readEnvFile } from './read-env-file.js';
export { createRedact, type RedactOptions, redact } from './redact.js';
export { renderEnvFile } from './render-env-file.js';
export type { StandardSchemaV1 } from './standard-schema.js';
export {
  type EnvIssue,
  type EnvIssueCode,
  type EnvValidation,
  type EnvValue,
  type EnvVars,
  type EnvWarning,
  type EnvWarningCode,
  type ValidateEnvVarsOptions,
  validateEnvVars,
} from './validate-env-vars.js';
export {
  type WriteEnvFileOptions,
  type WriteEnvFileResult,
  writeEnvFile,
} from './write-env-file.js';
