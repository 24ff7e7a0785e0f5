import type { SettingsIssue } from '../../settings/settings.js';
import { fail, pass, type Verdict } from '../check-result.js';

/**
 * Settings complete: every setting `swarmlift deploy` needs is set and valid.
 * Lists the settings by name (missing ones, then the others with what is
 * wrong); the issues never hold a value.
 */
export function settingsVerdict(issues: readonly SettingsIssue[]): Verdict {
  if (issues.length === 0) return pass('every setting a deploy needs is set');
  const missing = issues.filter((issue) => /^is not set\b/.test(issue.message));
  const other = issues.filter((issue) => !missing.includes(issue));
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`not set: ${missing.map((i) => i.setting).join(', ')}`);
  if (other.length > 0)
    parts.push(other.map((issue) => `${issue.setting} ${issue.message}`).join('; '));
  const hints = [...new Set(other.flatMap((issue) => (issue.hint ? [issue.hint] : [])))];
  return fail(
    parts.join('; '),
    [
      missing.length > 0
        ? 'Set them as environment variables (secrets in the repository’s GitHub secrets, passed on by the workflow), flags or keys in swarmlift.config.yaml; swarmlift deploy --help lists every setting.'
        : undefined,
      ...hints,
    ]
      .filter(Boolean)
      .join(' '),
  );
}
