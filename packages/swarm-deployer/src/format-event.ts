import { formatBytes, formatDuration, formatWarning } from '@swarmlift/core';
import type { DeployEvent } from './events.js';

/**
 * One line for an event of applyPlan or removeStack, as the swarmlift-stack
 * bin prints it (no trailing newline, never a secret), or undefined for
 * events not shown at normal verbosity.
 */
export function formatEvent(event: DeployEvent): string | undefined {
  switch (event.type) {
    case 'network_created':
      return `Creating network ${event.network}`;
    case 'network_removed':
      return `Removing network ${event.network}`;
    case 'secret_created':
      return `Creating secret ${event.secret}`;
    case 'secret_removed':
      return `Removing secret ${event.secret}`;
    case 'config_created':
      return `Creating config ${event.config}`;
    case 'config_removed':
      return `Removing config ${event.config}`;
    case 'service_created':
      return `Creating service ${event.service}`;
    case 'service_updated':
      return `Updating service ${event.service} (id: ${event.serviceId})`;
    case 'service_unchanged':
      return undefined;
    case 'service_removed':
      return `Removing service ${event.service}`;
    case 'service_update_retried':
      return `Service ${event.service} changed meanwhile; updating again (attempt ${event.attempt + 1})`;
    case 'plan_applied':
      return `Applied stack ${event.stack}: ${event.changed} service(s) created or updated, ${event.removed} removed, in ${formatDuration(event.durationMs)}`;
    case 'deploy_recorded':
      return `Recorded deploy ${event.id} of stack ${event.stack} (${formatBytes(event.bytes)}${event.specsDropped ? ', without the service specs' : ''})`;
    case 'deploy_record_removed':
      return undefined;
    case 'warning':
      return formatWarning(event);
  }
}
