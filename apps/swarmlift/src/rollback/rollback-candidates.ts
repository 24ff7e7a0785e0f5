import type { DeployHistoryRecord } from '@swarmlift/swarm-deployer';
import { recordDigest, succeeded } from './record-digest.js';

/** One line of `rollback --list` (and its `--json` shape: fields are only ever added). */
export interface RollbackCandidate {
  /** The record a rollback to this version restores. */
  id: string;
  version: string;
  kind: 'deploy' | 'rollback';
  digest: string | null;
  startedAt: string;
  performer: string;
  staticRelease: string | null;
  /** Its image (by digest) is what the app service runs now: not a target. */
  serving: boolean;
  /** What `swarmlift rollback` without VERSION restores. */
  default: boolean;
  /** False when its service specs were dropped: it cannot be restored. */
  restorable: boolean;
}

/**
 * What can be rolled back to: each successful record, newest first, one per
 * image digest (the newest record of it, which is what a rollback restores).
 */
export function rollbackCandidates(input: {
  records: readonly DeployHistoryRecord[];
  servingDigest: string | undefined;
  appService: string;
  /** The default target's id, when there is one. */
  defaultId: string | undefined;
}): RollbackCandidate[] {
  const seen = new Set<string>();
  const candidates: RollbackCandidate[] = [];
  for (const record of input.records) {
    if (!succeeded(record)) continue;
    const digest = recordDigest(record, input.appService);
    const key = digest ?? `version:${record.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push({
      id: record.id,
      version: record.version,
      kind: record.kind,
      digest: digest ?? null,
      startedAt: record.startedAt,
      performer: record.performer,
      staticRelease: record.staticRelease ?? null,
      serving: digest !== undefined && digest === input.servingDigest,
      default: record.id === input.defaultId,
      restorable:
        record.specsDropped !== true &&
        record.services.length > 0 &&
        record.services.every((service) => service.spec !== undefined),
    });
  }
  return candidates;
}

/** `rollback --list` for people: an aligned table, the default marked `→`, the serving one `*`. */
export function formatCandidates(candidates: readonly RollbackCandidate[]): string {
  const header = ['', 'VERSION', 'DEPLOYED (UTC)', 'DIGEST', 'STATIC', 'NOTE'];
  const rows = candidates.map((c) => [
    c.default ? '→' : c.serving ? '*' : ' ',
    c.version,
    c.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
    c.digest ? c.digest.replace(/^sha256:/, '').slice(0, 12) : '-',
    c.staticRelease ?? '-',
    [
      c.default ? 'default' : '',
      c.serving ? 'serving now' : '',
      c.restorable ? '' : 'specs dropped: cannot be restored',
      c.kind === 'rollback' ? 'via a rollback' : '',
    ]
      .filter(Boolean)
      .join(', '),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  return [header, ...rows]
    .map((cells) =>
      cells
        .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
