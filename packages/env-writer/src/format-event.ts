import { formatDuration, formatWarning } from '@swarmlift/core';
import type { EnvWriterEvent } from './events.js';

/**
 * One line for an event, as every swarmlift bin prints it: no trailing
 * newline and no value (only variable names). `undefined` for events not shown
 * at normal verbosity (none so far).
 */
export function formatEvent(event: EnvWriterEvent): string | undefined {
  switch (event.type) {
    case 'warning':
      return formatWarning(event);
    case 'env_file_written': {
      const names = event.keys.length > 0 ? `: ${event.keys.join(', ')}` : '';
      return `wrote ${event.path} (${event.keys.length} variables${names}) in ${formatDuration(event.durationMs)}`;
    }
    default:
      return undefined;
  }
}
