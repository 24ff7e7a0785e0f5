import { type ErrorCategory, SwarmliftError } from '@swarmlift/core';

/** Every code the CLI itself raises (the packages' codes pass through as they are). */
export const swarmliftErrorCodes = [
  'CLI_SETTINGS_INVALID',
  'CLI_APP_SERVICE_NOT_FOUND',
  'CLI_APP_SERVICE_NO_IMAGE',
  'CLI_ENV_FILE_NOT_NAMED',
  'CLI_DEPLOY_NOT_CONVERGED',
  'CLI_MIGRATION_FAILED',
  'CLI_NOTHING_DEPLOYED',
  'CLI_FORCE_REQUIRED',
  // history and rollback (issue 15)
  'CLI_HISTORY_LIMIT_INVALID',
  'CLI_ROLLBACK_NO_RECORDS',
  'CLI_ROLLBACK_VERSION_NOT_FOUND',
  'CLI_ROLLBACK_NO_TARGET',
  'CLI_ROLLBACK_ALREADY_SERVING',
  'CLI_ROLLBACK_SPECS_DROPPED',
  'CLI_ROLLBACK_IMAGE_MISSING',
  'CLI_ROLLBACK_STATIC_MISSING',
  'CLI_ROLLBACK_NOT_CONVERGED',
  // init and doctor (issue 16)
  'CLI_INIT_NO_DJANGO_PROJECT',
  'CLI_DOCTOR_CHECKS_FAILED',
  // status and logs (issue 15)
  'CLI_STACK_NOT_FOUND',
  'CLI_STACK_UNHEALTHY',
  'CLI_SERVICE_NOT_FOUND',
  'CLI_LOGS_OPTION_INVALID',
  // lock and hooks (issue 15)
  'CLI_LOCK_MESSAGE_REQUIRED',
  'CLI_HOOK_FAILED',
  'CLI_HOOK_TIMED_OUT',
  // several static hosts (issue 17)
  'CLI_STATIC_HOST_FAILED',
] as const;
export type CliErrorCode = Exclude<(typeof swarmliftErrorCodes)[number], 'CLI_SETTINGS_INVALID'>;

/** An error of the `swarmlift` CLI itself; the packages' errors pass through unchanged. */
export class CliError extends SwarmliftError<CliErrorCode> {
  static override readonly brand: string = 'swarmlift/cli/CliError';

  constructor(options: {
    code: CliErrorCode;
    message: string;
    hint: string;
    cause?: unknown;
    category?: ErrorCategory;
  }) {
    super(options);
    this.name = 'CliError';
  }
}
