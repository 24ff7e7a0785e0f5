import { formatBytes, formatDuration, formatWarning } from '@swarmlift/core';
import type { StaticSyncEvent } from './events.js';

/**
 * One line for an event (no trailing newline, no secret), or `undefined` for
 * events not shown at normal verbosity (`upload_progress`). Bins print through it.
 */
export function formatEvent(event: StaticSyncEvent): string | undefined {
  switch (event.type) {
    case 'collect_started':
      return event.image ? `collectstatic in ${event.image}` : 'collectstatic on this machine';
    case 'collect_finished':
      return `collected ${count(event.files, 'file')} (${formatBytes(event.bytes)}) in ${formatDuration(event.durationMs)}`;
    case 'sync_planned':
      return (
        `${event.host}: release ${event.release}: ${count(event.uploadFiles, 'file')} to upload ` +
        `(${formatBytes(event.uploadBytes)}, ${event.transport}), ${event.reusedFiles} reused, ` +
        `${event.removedFiles} removed, since ${event.previous ?? 'no release'}`
      );
    case 'upload_progress':
      return undefined;
    case 'upload_finished':
      return `${event.host}: uploaded ${count(event.files, 'file')} (${formatBytes(event.sentBytes)} sent) in ${formatDuration(event.durationMs)}`;
    case 'release_reused':
      return `${event.host}: release ${event.release} is already there with these files`;
    case 'release_staged':
      return `${event.host}: release ${event.release} staged`;
    case 'static_migrated':
      return `${event.host}: the plain static folder became release ${event.legacyRelease}`;
    case 'release_switched':
      return `${event.host}: static now serves release ${event.release}${event.previous ? ` (was ${event.previous})` : ''}`;
    case 'release_already_live':
      return `${event.host}: static already serves release ${event.release}`;
    case 'releases_pruned':
      return `${event.host}: removed old ${event.releases.length === 1 ? 'release' : 'releases'} ${event.releases.join(', ')}`;
    case 'staged_release_discarded':
      return `${event.host}: staged release ${event.release} removed again`;
    case 'warning':
      return formatWarning(event);
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
