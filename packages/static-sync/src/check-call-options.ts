import { checkFunction, checkSignal, checkTimeoutMs, OptionsError } from '@swarmlift/core';

/** The options every public function shares: `signal`, `timeoutMs`, `onEvent`. */
export function checkCallOptions(options: {
  signal?: unknown;
  timeoutMs?: unknown;
  onEvent?: unknown;
}): void {
  checkSignal(options.signal);
  checkTimeoutMs(options.timeoutMs);
  checkFunction(options.onEvent, 'onEvent');
}

/** `remote` must be a session from `connect()`: syncs run commands and SFTP on it. */
export function checkSession(remote: unknown, field = 'remote'): void {
  const candidate = remote as { exec?: unknown; sftp?: unknown; target?: unknown } | undefined;
  if (
    typeof candidate?.exec !== 'function' ||
    typeof candidate.sftp !== 'function' ||
    typeof candidate.target !== 'object'
  ) {
    throw new OptionsError({
      field,
      message: 'is not a Remote session',
      hint: 'Pass the object connect() of @swarmlift/remote returns (an SSH session to the nginx host).',
    });
  }
}
