import { SwarmliftError } from '@swarmlift/core';
import type { SettingsIssue } from './settings.js';

/**
 * Every problem in the settings of one run, reported together (exit 2). The
 * message names each setting — with the file and line for the config file —
 * and never contains a value.
 */
export class SettingsError extends SwarmliftError<'CLI_SETTINGS_INVALID'> {
  static override readonly brand: string = 'swarmlift/cli/SettingsError';
  readonly issues: readonly SettingsIssue[];

  constructor(options: { issues: readonly SettingsIssue[]; command?: string | undefined }) {
    const { issues, command } = options;
    const count = issues.length === 1 ? '1 setting needs' : `${issues.length} settings need`;
    const lines = issues.map(
      (issue) => `  - ${issue.setting}: ${issue.message}${issue.hint ? ` (${issue.hint})` : ''}`,
    );
    super({
      code: 'CLI_SETTINGS_INVALID',
      message: `${count} fixing${command ? ` for swarmlift ${command}` : ''}:\n${lines.join('\n')}`,
      hint: `Set them as environment variables (secrets in the CI's secret store), flags or keys in swarmlift.config.yaml; \`swarmlift ${command ?? 'COMMAND'} --help\` lists every setting${command ? ` ${command}` : ''} reads.`,
      category: 'invalid',
    });
    this.issues = issues;
  }
}
