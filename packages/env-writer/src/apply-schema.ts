import { OptionsError } from '@swarmlift/core';
import type { StandardIssue, StandardSchemaV1 } from './standard-schema.js';
import type { EnvIssue, EnvVars } from './validate-env-vars.js';

export interface SchemaOutcome {
  vars: EnvVars;
  issues: EnvIssue[];
}

/**
 * Validates variables with a Standard Schema (zod, valibot, …). Issues carry the
 * schema's own message, which for swarmlift's schemas never contains the value.
 */
export async function applySchema(schema: StandardSchemaV1, vars: EnvVars): Promise<SchemaOutcome> {
  const result = await schema['~standard'].validate(vars);
  if (!result.issues) {
    const value = result.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new OptionsError({
        field: 'schema',
        message: 'produced something other than an object of variables',
        hint: 'Use a schema for an object, e.g. z.object({ … }) or djangoEnvSchema.extend({ … }).',
      });
    }
    return { vars: value as EnvVars, issues: [] };
  }
  return {
    vars,
    issues: result.issues.map((issue) => toEnvIssue(issue, vars)),
  };
}

function toEnvIssue(issue: StandardIssue, vars: EnvVars): EnvIssue {
  const first = issue.path?.[0];
  const segment = typeof first === 'object' && first !== null ? first.key : first;
  const key = segment === undefined ? '(environment)' : String(segment);
  const missing = segment !== undefined && vars[key] === undefined;
  return {
    key,
    code: 'SCHEMA',
    message: missing ? 'is required but not set' : issue.message,
  };
}
