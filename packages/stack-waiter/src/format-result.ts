import { formatDuration, formatWarning } from '@swarmlift/core';
import type { StackWaitEvent } from './events.js';
import { describeLostNode } from './lost-nodes.js';
import type { StackWaitResult } from './types.js';

/** The human summary the bin prints: one line per service, then each failed task with its logs. */
export function formatResult(result: StackWaitResult): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  const verdict = {
    converged: 'converged',
    failed: 'FAILED',
    rolled_back: result.ok ? 'rolled back (accepted with --rollback-ok)' : 'ROLLED BACK',
    timed_out: `TIMED OUT after ${(result.timeoutMs / 1000).toFixed(0)} s`,
  }[result.status];
  const lines = [`stack ${result.stack}: ${verdict} (${seconds} s)`];
  const width = Math.max(...result.services.map((s) => s.name.length), 4);
  for (const service of result.services) {
    const counts = `${service.running}/${service.desired}`;
    const reason = service.reason ? `  ${service.reason}` : '';
    lines.push(`  ${service.name.padEnd(width)}  ${service.outcome.padEnd(11)} ${counts}${reason}`);
    for (const task of service.failedTasks) {
      const where = task.node ? ` on ${task.node}` : '';
      const slot = task.slot ? ` (slot ${task.slot})` : '';
      const exit = task.exitCode !== undefined ? `, exit code ${task.exitCode}` : '';
      lines.push(
        `    task ${task.id}${slot} ${task.state}${where}: ${task.error ?? task.message ?? ''}${exit}`,
      );
      if (task.healthOutput) lines.push(`      health check: ${task.healthOutput}`);
      for (const line of task.logs) lines.push(`      | ${line}`);
    }
  }
  for (const entry of result.lostNodes ?? [])
    lines.push(
      `  ${entry.back ? `node ${entry.node} was lost during the wait (available again)` : `${describeLostNode(entry)}`}: it held tasks of ${entry.services.join(', ')}`,
    );
  if (result.status === 'timed_out' && result.pending.length)
    lines.push(`  still pending: ${result.pending.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * One progress line for an event (no trailing newline, no secret), or
 * `undefined` for events not shown at normal verbosity. The bin prints
 * through it.
 */
export function formatEvent(event: StackWaitEvent): string | undefined {
  switch (event.type) {
    case 'watching':
      return `stack ${event.stack}: waiting for ${event.services.join(', ') || 'no service'} (timeout ${formatDuration(event.timeoutMs)})`;
    case 'service_update':
      return `${event.service}: update ${event.state}${event.message ? ` — ${event.message}` : ''}`;
    case 'task_state': {
      const slot = event.slot ? ` (slot ${event.slot})` : '';
      const node = event.node ? ` on ${event.node}` : '';
      const exit =
        event.exitCode !== undefined &&
        event.exitCode !== 0 &&
        !event.error?.includes(`(${event.exitCode})`)
          ? `, exit code ${event.exitCode}`
          : '';
      return `${event.service}: task ${event.taskId.slice(0, 12)}${slot} ${event.state}${node}${event.error ? ` — ${event.error}` : ''}${exit}`;
    }
    case 'replicas':
      return `${event.service}: ${event.running}/${event.desired}`;
    case 'node_state':
      return event.back
        ? `node ${event.node} is available again (${event.state}, ${event.availability})`
        : `${describeLostNode(event)}: it holds tasks of ${event.services.join(', ')}`;
    case 'service_done':
      return `${event.service}: ${event.outcome}${event.reason ? ` — ${event.reason}` : ''}`;
    case 'warning':
      return formatWarning(event);
    default:
      return undefined;
  }
}
