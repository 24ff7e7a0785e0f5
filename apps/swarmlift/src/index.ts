// The CLI as a function, for scripts and tests that run it in-process.

export { CliError, type CliErrorCode, swarmliftErrorCodes } from './errors.js';
export { main as runSwarmlift } from './main.js';
export type { RunStatus, RunSummary, StepId, StepSummary } from './output/reporter.js';
export type {
  CollectstaticMode,
  MigrateMode,
  Settings,
  SettingsIssue,
} from './settings/settings.js';
export { SettingsError } from './settings/settings-error.js';
export { VERSION } from './version.js';
