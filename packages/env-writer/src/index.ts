export { type DjangoEnv, djangoEnvSchema } from './django-env-schema.js';
// Everything that reads, writes, checks and redacts env files without zod; also its own entry.
export * from './env-file.js';
