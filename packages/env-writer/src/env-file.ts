// The `@swarmlift/env-writer/env-file` entry: reading, writing and redacting
// env files without zod or the Django schema, so tools that only parse an
// env file (a stack's env_file:, the migrator's --env-file) start faster.
export {
  EnvFileParseError,
  EnvValidationError,
  EnvWriterError,
  type EnvWriterErrorCode,
} from './errors.js';
export { type EnvFileEntry, type ParseEnvFileOptions, parseEnvFile } from './parse-env-file.js';
export { type RedactOptions, redact } from './redact.js';
export { renderEnvFile } from './render-env-file.js';
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
