export { createReporter } from './create-reporter.js';
export { describeError, type ErrorDescription, errorLines } from './describe-error.js';
export { detectMode, type OutputMode } from './detect-mode.js';
export { formatDuration } from './format-duration.js';
export type {
  PackageEvent,
  Reporter,
  ReporterOptions,
  RunStatus,
  RunSummary,
  Step,
  StepId,
  StepSummary,
} from './reporter.js';
export { isFailure, summaryLines } from './summary-lines.js';
