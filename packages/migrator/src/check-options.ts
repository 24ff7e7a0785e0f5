import {
  checkCredentialsOption,
  checkFunction,
  checkSignal,
  checkStackName,
  checkTimeoutMs,
  OptionsError,
  STACK_NAMESPACE_LABEL,
  tryParseImageReference,
} from '@swarmlift/core';
import type { RunOneOffOptions } from './one-off-types.js';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** An OptionsError naming `field`. */
export function optionsInvalid(field: string, message: string, hint: string): OptionsError {
  return new OptionsError({ field, message, hint });
}

/** Non-negative finite milliseconds (0 allowed), or undefined. */
function checkNonNegativeMs(value: unknown, field: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw optionsInvalid(
      field,
      'must be a non-negative number of milliseconds',
      'e.g. 1000 for one second.',
    );
}

/**
 * Checks every option of a one-off run before anything is touched; a bad one
 * is core's OptionsError (`OPTIONS_INVALID`, `field` names it). Pure.
 */
export function checkRunOneOffOptions(options: RunOneOffOptions): void {
  if (typeof options !== 'object' || options === null)
    throw optionsInvalid('options', 'must be an object', 'Pass { remote, image, command, … }.');
  if (!options.remote?.docker)
    throw optionsInvalid(
      'remote',
      'has no docker client',
      'Pass the Remote returned by `connect()` from @swarmlift/remote.',
    );
  if ('auth' in options)
    throw optionsInvalid(
      'auth',
      'was renamed to `credentials`',
      'Pass `credentials`: what registryCredentials() or readRegistryCredentials() from @swarmlift/core returns.',
    );
  if (typeof options.image !== 'string' || options.image.trim() === '')
    throw optionsInvalid(
      'image',
      'is empty',
      'Pass the image reference to run, e.g. registry.example.com/app/django-app:abc1234.',
    );
  if (!tryParseImageReference(options.image))
    throw optionsInvalid(
      'image',
      `${JSON.stringify(options.image)} is not an image reference`,
      'Pass the image reference to run, e.g. registry.example.com/app/django-app:abc1234.',
    );
  if (
    !Array.isArray(options.command) ||
    options.command.length === 0 ||
    options.command.some((a) => typeof a !== 'string')
  )
    throw optionsInvalid(
      'command',
      'must be a non-empty array of strings',
      "Pass argv, e.g. ['python', 'manage.py', 'migrate', '--noinput'], not a shell string.",
    );
  if (options.entrypoint !== undefined && !isStringArray(options.entrypoint))
    throw optionsInvalid(
      'entrypoint',
      'must be an array of strings',
      'Pass argv, e.g. [] to skip the image entrypoint.',
    );
  checkCredentialsOption(options.credentials, 'credentials');
  if (options.stack !== undefined) checkStackName(options.stack, 'stack');
  if (options.name !== undefined && (!NAME.test(options.name) || options.name.length > 30))
    throw optionsInvalid(
      'name',
      `"${options.name}" is not a valid name`,
      'Use up to 30 letters, digits, "_", "." and "-".',
    );
  for (const network of options.networks ?? [])
    if (!NAME.test(network))
      throw optionsInvalid(
        'networks',
        `has an invalid network name "${network}"`,
        "Use the compose file's network names, e.g. ['default', 'backend'].",
      );
  if (options.networks?.length && !options.stack)
    throw optionsInvalid(
      'networks',
      'needs `stack`',
      'Stack networks are named `<stack>_<name>`: pass `stack`, or use `externalNetworks` for full names.',
    );
  checkTimeoutMs(options.timeoutMs);
  checkTimeoutMs(options.pollIntervalMs, 'pollIntervalMs');
  checkNonNegativeMs(options.unschedulableAfterMs, 'unschedulableAfterMs');
  checkNonNegativeMs(options.stopGracePeriodMs, 'stopGracePeriodMs');
  checkSignal(options.signal);
  checkFunction(options.onEvent, 'onEvent');
  checkFunction(options.onLog, 'onLog');
  if (options.mode !== undefined && options.mode !== 'job' && options.mode !== 'container')
    throw optionsInvalid(
      'mode',
      `is "${String(options.mode)}"`,
      "Use 'job' (a Swarm job, the default) or 'container'.",
    );
  if (
    options.jobKind !== undefined &&
    !['auto', 'replicated-job', 'replicated'].includes(options.jobKind)
  )
    throw optionsInvalid(
      'jobKind',
      `is "${String(options.jobKind)}"`,
      "Use 'auto' (the default), 'replicated-job' or 'replicated'.",
    );
  if (options.labels && STACK_NAMESPACE_LABEL in options.labels)
    throw optionsInvalid(
      'labels',
      `must not set ${STACK_NAMESPACE_LABEL}`,
      'A one-off run never belongs to the stack (a prune would remove it); it is labelled io.swarmlift.one-off=<stack> instead.',
    );
  if (options.networkMode !== undefined && options.mode !== 'container')
    throw optionsInvalid(
      'networkMode',
      "applies to mode 'container' only",
      'A job joins the stack networks; drop `networkMode` or set `mode: "container"`.',
    );
}

function isStringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
