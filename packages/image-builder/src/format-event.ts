import { formatBytes, formatDuration, formatWarning } from '@swarmlift/core';
import type { ImageBuilderEvent } from './events.js';

/**
 * One line for an event, as the bins and the CLI print it (no trailing
 * newline, no secret), or `undefined` for events not shown at normal
 * verbosity: build output, cache hits and per-layer push progress.
 */
export function formatEvent(event: ImageBuilderEvent): string | undefined {
  switch (event.type) {
    case 'registry_checked':
      return `${event.image}: ${event.exists ? 'already in the registry' : 'not in the registry yet'} (checked in ${formatDuration(event.durationMs)})`;
    case 'build_skipped':
      return `${event.image}: the registry has this tag${event.digest ? ` (${event.digest})` : ''}; nothing built or pushed`;
    case 'build_context':
      return `build context: ${event.files} ${event.files === 1 ? 'entry' : 'entries'}, ${formatBytes(event.bytes)} sent`;
    case 'build_step':
      return `step ${event.step}/${event.total}: ${event.instruction}`;
    case 'build_done':
      return `built ${shortId(event.imageId)} as ${event.tags.join(', ')} in ${formatDuration(event.durationMs)}`;
    case 'push_done':
      return `pushed ${event.image} (${event.digest}) in ${formatDuration(event.durationMs)}`;
    case 'warning':
      return formatWarning(event);
    case 'build_step_cached':
    case 'build_output':
    case 'push_layer':
      return undefined;
  }
}

/** `sha256:0123456789ab…` → `0123456789ab`, as `docker images` shows IDs. */
function shortId(imageId: string): string {
  return imageId.replace(/^sha256:/, '').slice(0, 12);
}
