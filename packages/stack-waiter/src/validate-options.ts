import { checkFunction, checkStackName, OptionsError } from '@swarmlift/core';
import type { WaitForStackOptions } from './wait-for-stack.js';

export interface WaitSettings {
  stack: string;
  sinceMs: number | undefined;
  rollbackIsSuccess: boolean;
  maxTaskFailures: number;
  reconcileIntervalMs: number;
  logTail: number;
}

/** Checks the options before anything is read; a problem is an `OptionsError` naming its field. */
export function validateWaitOptions(options: WaitForStackOptions): WaitSettings {
  const invalid = (field: string, message: string, hint: string) =>
    new OptionsError({ field, message, hint });
  if (!options || typeof options !== 'object')
    throw invalid('options', 'missing', 'Call waitForStack({ remote, stack, … }).');
  if (!options.remote?.docker)
    throw invalid(
      'remote',
      'missing or without a docker client',
      'Pass the Remote returned by connect() from @swarmlift/remote.',
    );
  const stack = checkStackName(options.stack, 'stack');
  if (options.record && options.record.stack !== stack)
    throw invalid(
      'record.stack',
      `the deploy record is for stack "${options.record.stack}", not "${stack}"`,
      'Pass the record returned by the deploy of this stack.',
    );
  positive('timeoutMs', options.timeoutMs, invalid);
  positive('reconcileIntervalMs', options.reconcileIntervalMs, invalid);
  positive('maxTaskFailures', options.maxTaskFailures, invalid);
  if (options.logTail !== undefined && !(Number.isInteger(options.logTail) && options.logTail >= 0))
    throw invalid('logTail', `${options.logTail} is not a whole number ≥ 0`, 'Default: 50.');
  if (options.services !== undefined) {
    const bad = Array.isArray(options.services)
      ? options.services.find((name) => typeof name !== 'string' || name.trim() === '')
      : undefined;
    if (!Array.isArray(options.services) || bad !== undefined)
      throw invalid('services', 'must be a list of service names', 'e.g. ["web", "worker"].');
  }
  checkFunction(options.onEvent, 'onEvent');
  let sinceMs: number | undefined;
  if (options.since !== undefined) {
    sinceMs =
      options.since instanceof Date ? options.since.getTime() : Date.parse(String(options.since));
    if (Number.isNaN(sinceMs))
      throw invalid(
        'since',
        `${JSON.stringify(String(options.since))} is not a date`,
        'Use an ISO 8601 time such as 2024-05-01T12:00:00Z.',
      );
  }
  return {
    stack,
    sinceMs,
    rollbackIsSuccess: options.rollbackIsSuccess ?? false,
    maxTaskFailures: options.maxTaskFailures ?? 3,
    reconcileIntervalMs: options.reconcileIntervalMs ?? 5_000,
    logTail: options.logTail ?? 50,
  };
}

function positive(
  field: string,
  value: number | undefined,
  invalid: (field: string, message: string, hint: string) => Error,
) {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw invalid(
      field,
      `${String(value)} is not a positive number`,
      `Leave ${field} out for the default.`,
    );
}
