export { type DjangoEnv, djangoEnvSchema } from './django-env-schema.js';
// Everything that reads, renders and checks env files without zod; also its own entry.
export * from './env-file.js';
export type { StandardSchemaV1 } from './standard-schema.js';
export {
  type WriteEnvFileOptions,
  type WriteEnvFileResult,
  writeEnvFile,
} from './write-env-file.js';
