import type { EnvFileEntry } from './parse-env-file.js';
import {
  type EnvIssue,
  type EnvWarning,
  type ValidateEnvVarsOptions,
  validateEnvVars,
} from './validate-env-vars.js';

export interface EnvFileJudgement {
  /** Every problem, the key followed by its line: `EMPTY (line 3)`. */
  issues: EnvIssue[];
  warnings: EnvWarning[];
  /** The variables the file sets, in file order (a key set twice counts once). */
  keys: string[];
}

/** The variables an env file sets with a value; a bare `KEY` line sets none here. */
export function varsOfEntries(entries: readonly EnvFileEntry[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const entry of entries) if (entry.value !== undefined) vars[entry.key] = entry.value;
  return vars;
}

/**
 * Decides what is wrong with a parsed env file as a deploy would use it: bare
 * `KEY` lines (Docker takes the deploying shell's value), values the format
 * cannot carry or `docker stack deploy` would replace, and the schema's
 * issues (already computed by the caller). Pure; names keys and lines, never values.
 */
export function judgeEnvFile(
  entries: readonly EnvFileEntry[],
  options: ValidateEnvVarsOptions & { schemaIssues?: readonly EnvIssue[] } = {},
): EnvFileJudgement {
  const issues: EnvIssue[] = [];
  const lineOf = new Map<string, number>();
  for (const entry of entries) {
    lineOf.set(entry.key, entry.line);
    if (entry.value === undefined) {
      issues.push({
        key: entry.key,
        code: 'VALUE_MISSING',
        message: "has no '=': Docker takes the deploying shell's value",
      });
    }
  }
  const checked = validateEnvVars(varsOfEntries(entries), { allowEmpty: options.allowEmpty });
  issues.push(...checked.issues, ...(options.schemaIssues ?? []));
  return {
    issues: issues.map((issue) => {
      const line = lineOf.get(issue.key);
      return line === undefined ? issue : { ...issue, key: `${issue.key} (line ${line})` };
    }),
    warnings: checked.warnings,
    keys: [...lineOf.keys()],
  };
}
