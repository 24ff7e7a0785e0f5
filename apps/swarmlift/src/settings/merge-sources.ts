import { type SettingName, settings } from '../commands/definitions.js';
import type { ConfigValue } from './config-file.js';
import type { SettingsIssue } from './settings.js';

/** Where a setting's value came from. */
export type SettingSource = 'flag' | 'env' | 'config';

/** One setting's raw text and where it came from. */
export interface RawSetting {
  value: string;
  source: SettingSource;
  /** How to name it in a message: `--stack`, `STACK_NAME` or `swarmlift.config.yaml:3 stack`. */
  label: string;
}

/**
 * Each setting's raw text by precedence: a flag, else the environment, else
 * the config file. An empty environment variable counts as unset (CI sets a
 * missing secret to ""); an empty flag or a flag for a secret is an issue.
 */
export function mergeSources(options: {
  flags: Readonly<Partial<Record<SettingName, string>>>;
  env: Readonly<Record<string, string | undefined>>;
  config: ReadonlyMap<SettingName, ConfigValue>;
}): { raw: Map<SettingName, RawSetting>; issues: SettingsIssue[] } {
  const raw = new Map<SettingName, RawSetting>();
  const issues: SettingsIssue[] = [];
  for (const setting of settings) {
    const flagValue = options.flags[setting.name];
    const flagLabel = setting.flag ?? `--${setting.name.toLowerCase().replace(/_/g, '-')}`;
    if (flagValue !== undefined) {
      if (setting.secret) {
        issues.push({
          setting: flagLabel,
          message: `${setting.name} is a secret and cannot be a flag (every process can read argv)`,
          hint: `Set ${setting.name} in the environment.`,
        });
        continue;
      }
      if (flagValue.trim() === '') {
        issues.push({
          setting: flagLabel,
          message: 'is empty',
          hint: 'Give a value, or leave the flag out.',
        });
        continue;
      }
      raw.set(setting.name, { value: flagValue, source: 'flag', label: flagLabel });
      continue;
    }
    const envValue = options.env[setting.name];
    if (envValue !== undefined && envValue.trim() !== '') {
      raw.set(setting.name, { value: envValue, source: 'env', label: setting.name });
      continue;
    }
    const configValue = options.config.get(setting.name);
    if (configValue !== undefined && configValue.value.trim() !== '') {
      raw.set(setting.name, {
        value: configValue.value,
        source: 'config',
        label: configValue.label,
      });
    }
  }
  return { raw, issues };
}
