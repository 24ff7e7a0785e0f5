import { formatDuration, formatWarning } from '@swarmlift/core';
import { formatEvent as formatRemoteEvent, type RemoteEvent } from '@swarmlift/remote';
import { describeCommand } from './describe-command.js';
import type { MigratorEvent, OneOffRef } from './events.js';

const SHOWN_TASK_STATES = new Set(['running', 'failed', 'rejected']);

/**
 * One line for an event (no trailing newline, never an env value or a
 * credential), or `undefined` for events not shown at normal verbosity (task
 * states other than running/failed/rejected, lock renewals).
 */
export function formatEvent(event: MigratorEvent): string | undefined {
  switch (event.type) {
    case 'lock_acquired':
    case 'lock_renewed':
    case 'lock_released':
      return formatRemoteEvent(event as RemoteEvent);
    case 'network_created':
      return `network ${event.network} created for stack ${event.stack}`;
    case 'image_pulled':
      return `pulled ${event.image} in ${formatDuration(event.durationMs)}`;
    case 'image_resolved':
      return `image ${event.image} pinned to ${event.digest}`;
    case 'one_off_created':
      return `${what(event)} created: ${describeCommand(event.command)}`;
    case 'task_state': {
      if (!SHOWN_TASK_STATES.has(event.state)) return undefined;
      const on = event.node ? ` on ${event.node}` : '';
      const why = event.error ?? (event.state === 'running' ? undefined : event.message);
      return `job ${event.service} ${event.state}${on}${why ? `: ${firstLine(why)}` : ''}`;
    }
    case 'one_off_finished':
      return `${what(event)} exited with code ${event.exitCode} after ${formatDuration(event.durationMs)}`;
    case 'one_off_removed':
      return `${what(event)} removed`;
    case 'warning':
      return formatWarning(event);
  }
}

function what(ref: OneOffRef): string {
  return ref.mode === 'job' ? `job ${ref.service}` : `container ${ref.container}`;
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text : `${text.slice(0, newline)} …`;
}
