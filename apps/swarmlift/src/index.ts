// The CLI as a function, for scripts and tests that run it in-process.

export {
  type SettingDefinition,
  type SettingName,
  settingNames,
  settings,
} from './commands/definitions.js';
export { CliError, type CliErrorCode, swarmliftErrorCodes } from './errors.js';
export { main as runSwarmlift } from './main.js';
export type { RunStatus, RunSummary, StepId, StepSummary } from './output/reporter.js';
export { maskValues } from './output/secret-values.js';
export { workflowCommand } from './output/workflow-command.js';
export { collectSecrets, type SecretSources } from './settings/collect-secrets.js';
export type {
  CollectstaticMode,
  MigrateMode,
  Settings,
  SettingsIssue,
} from './settings/settings.js';
export { SettingsError } from './settings/settings-error.js';
export { VERSION } from './version.js';
