import { OptionsError } from '@swarmlift/core';
import type { DockerRemote } from './docker-remote.js';

/**
 * Returns `remote` when it is what `connect()` returned (or at least carries
 * its dockerode `docker`), else throws core's OptionsError naming `field`.
 * For every function that takes `remote: DockerRemote`.
 */
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
