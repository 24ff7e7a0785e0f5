import { OptionsError } from '@swarmlift/core';
import type { DockerRemote } from './docker-remote.js';

/** `remote` must be what `connect()` returned (or at least carry its `docker`). */
export function checkRemote(remote: unknown, field = 'remote'): DockerRemote {
  const docker = (remote as { docker?: { modem?: unknown } } | null | undefined)?.docker;
  if (typeof docker !== 'object' || docker === null || typeof docker.modem !== 'object') {
    throw new OptionsError({
      field,
      message: 'is not a Remote',
      hint: 'Pass the object connect() from @swarmlift/remote returns.',
    });
  }
  return remote as DockerRemote;
}

/** A positive, finite number of milliseconds, or undefined. */
export function checkTimeout(value: unknown, field = 'timeoutMs'): number | undefined {
  return checkPositive(value, field, 'e.g. 30000 for 30 seconds.');
}

export function checkPositive(value: unknown, field: string, hint: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new OptionsError({
      field,
      message: `must be a positive number of milliseconds, got ${JSON.stringify(value)}`,
      hint,
    });
  }
  return value;
}
