import { EnvValidationError } from './errors.js';
import { type EnvVars, type ValidateEnvVarsOptions, validateEnvVars } from './validate-env-vars.js';

/**
 * Renders variables as an env file that Docker reads back byte for byte:
 * one `KEY=value` line each, in the order given, values written literally.
 * Throws `EnvValidationError` listing every variable that cannot be written.
 */
export function renderEnvFile(vars: EnvVars, options: ValidateEnvVarsOptions = {}): string {
  const result = validateEnvVars(vars, options);
  if (!result.ok) throw new EnvValidationError({ issues: result.issues });
  return result.entries.map(([key, value]) => `${key}=${value}\n`).join('');
}
