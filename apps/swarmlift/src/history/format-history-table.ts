import { formatDuration } from '../output/format-duration.js';
import type { HistoryEntry } from './history-entry.js';

const COLUMNS = [
  'WHEN (UTC)',
  'VERSION',
  'OUTCOME',
  'DIGEST',
  'TOOK',
  'STATIC',
  'MIGRATIONS',
  'PLAN',
  'WHO',
] as const;

/**
 * The history as an aligned plain-text table, newest first, one record a
 * line; the serving record is marked `*`, a rollback reads `rollback → v`.
 * Each record's error (code and first line) follows on its own line.
 */
export function formatHistoryTable(entries: readonly HistoryEntry[]): string {
  const rows = entries.map((entry) => [
    `${entry.serving ? '*' : ' '} ${when(entry.startedAt)}`,
    entry.version,
    outcome(entry),
    entry.digest ? entry.digest.replace(/^sha256:/, '').slice(0, 12) : '-',
    formatDuration(entry.durationMs),
    entry.staticRelease ?? '-',
    entry.migrations.length ? entry.migrations.join(', ') : '-',
    plan(entry),
    entry.performer,
  ]);
  const header = [`  ${COLUMNS[0]}`, ...COLUMNS.slice(1)];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const lines = [line(header)];
  entries.forEach((entry, i) => {
    lines.push(line(rows[i] ?? []));
    if (entry.error) {
      const first = entry.error.message.split(/\r?\n/)[0] ?? '';
      lines.push(`    error [${entry.error.code}]: ${first}`);
    }
  });
  return lines.join('\n');
}

function when(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

function outcome(entry: HistoryEntry): string {
  const word = entry.outcome.replace(/_/g, ' ');
  if (entry.kind !== 'rollback') return word;
  return `rollback → ${entry.rolledBackTo?.version ?? '?'}${entry.outcome === 'deployed' ? '' : ` (${word})`}`;
}

function plan(entry: HistoryEntry): string {
  if (!entry.plan) return '-';
  const { create, update, remove, unchanged } = entry.plan.services;
  const parts = [
    create ? `${create} created` : '',
    update ? `${update} updated` : '',
    remove ? `${remove} removed` : '',
    unchanged ? `${unchanged} unchanged` : '',
  ].filter(Boolean);
  return parts.join(', ') || 'no services';
}
