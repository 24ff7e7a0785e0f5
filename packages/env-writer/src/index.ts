export { type DjangoEnv, djangoEnvSchema } from './django-env-schema.js';
export {
  EnvFileParseError,
  EnvValidationError,
  EnvWriterError,
  type EnvWriterErrorCode,
} from './errors.js';
export { type EnvFileEntry, type ParseEnvFileOptions, parseEnvFile } from './parse-env-file.js';
export { type RedactOptions, redact } from './redact.js';
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
