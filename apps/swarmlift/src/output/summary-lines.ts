import { formatDuration } from './format-duration.js';
import type { RunStatus, RunSummary } from './reporter.js';

const statusWords: Record<RunStatus, string> = {
  deployed: 'deployed',
  unchanged: 'unchanged (nothing to deploy)',
  ok: 'done',
  failed: 'failed',
  invalid: 'stopped: bad settings or usage',
  unreachable: 'stopped: cannot reach or trust the manager or the registry',
  lock_held: 'stopped: the deploy lock is held',
  timed_out: 'timed out (the stack may still converge)',
  cancelled: 'cancelled',
};

const FAILED: ReadonlySet<RunStatus> = new Set([
  'failed',
  'invalid',
  'unreachable',
  'lock_held',
  'timed_out',
  'cancelled',
]);

/** True when the run did not succeed. */
export function isFailure(summary: Pick<RunSummary, 'status'>): boolean {
  return FAILED.has(summary.status);
}

/**
 * The final human summary: what ran and how it ended, the version, the
 * image with its digest, the services and what happened to each, the
 * migrations, the static release, the duration — and on failure which
 * version serves now. No values, no logs.
 */
export function summaryLines(summary: RunSummary): string[] {
  const failed = isFailure(summary);
  const word = statusWords[summary.status] ?? summary.status;
  const lines = [
    `${summary.command}: ${word} ${failed ? 'after' : 'in'} ${formatDuration(summary.durationMs)}`,
  ];
  const row = (name: string, value: string) => lines.push(`  ${name.padEnd(11)}${value}`);
  if (summary.stack) row('stack', summary.stack);
  if (summary.version) row('version', summary.version);
  if (summary.image || summary.digest) {
    row('image', [summary.image, summary.digest].filter(Boolean).join('@'));
  }
  if (summary.services && summary.services.length > 0) {
    row(
      'services',
      summary.services.map((service) => `${service.name} ${service.action}`).join(', '),
    );
  }
  if (summary.migrations) {
    row(
      'migrations',
      summary.migrations.length > 0 ? summary.migrations.join(', ') : 'none to apply',
    );
  }
  if (summary.staticRelease) row('static', `release ${summary.staticRelease}`);
  if (summary.manager) row('manager', summary.manager);
  if (failed && summary.error) {
    // Its first line: the full error (and any traceback) was printed above.
    const message = summary.error.message.split(/\r?\n/)[0] ?? '';
    row('error', `${summary.error.code ? `[${summary.error.code}] ` : ''}${message}`);
  }
  if (failed && summary.serving) row('serving', summary.serving);
  return lines;
}
