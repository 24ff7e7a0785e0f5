import { formatWarning } from '@swarmlift/core';
import type { RemoteEvent } from './events.js';
import { LOCK_NEVER_EXPIRES } from './stack-lock-state.js';

/**
 * One line for an event (no trailing newline, no secret), or `undefined` for
 * events not shown at normal verbosity (`ssh_closed`, `lock_renewed`, a
 * `docker_transport` without a fallback). Bins print through it.
 */
export function formatEvent(event: RemoteEvent): string | undefined {
  switch (event.type) {
    case 'ssh_connected':
      return `connected to ${event.user}@${event.host}:${event.port} (host key ${event.keyType} ${event.fingerprint})`;
    case 'docker_transport':
      return event.fallbackReason === undefined
        ? undefined
        : `Docker API over ${event.transport}: ${firstLine(event.fallbackReason)}`;
    case 'ssh_connection_lost':
      return `SSH connection lost: ${firstLine(event.message)}`;
    case 'ssh_reconnected':
      return 'SSH connection re-established';
    case 'ssh_closed':
      return undefined;
    case 'lock_acquired':
      return event.expiresAt === LOCK_NEVER_EXPIRES
        ? `lock ${event.purpose} of stack ${event.stack} taken by hand by ${event.owner} (held until released)`
        : `lock ${event.purpose} of stack ${event.stack} taken by ${event.owner} (expires ${event.expiresAt} unless renewed)`;
    case 'lock_renewed':
      return undefined;
    case 'lock_released':
      return `lock ${event.purpose} of stack ${event.stack} released`;
    case 'warning':
      return formatWarning(event);
  }
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text : `${text.slice(0, newline)} …`;
}
