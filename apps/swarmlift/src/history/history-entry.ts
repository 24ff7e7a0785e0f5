import type { DeployHistoryRecord } from '@swarmlift/swarm-deployer';

/**
 * One record as `history --json` prints it. The shape is stable: fields are
 * only ever added. Absent facts are `null`, never left out, so a consumer
 * can rely on every key being there.
 */
export interface HistoryEntry {
  /** The record's id: sortable, unique (`20261128T153913253992Z-3fa91c`). */
  id: string;
  /** `deploy`, or `rollback` (then `rolledBackTo` says to which record). */
  kind: 'deploy' | 'rollback';
  version: string;
  /** The application image, `registry/name:tag`. */
  image: string;
  /** Its digest, `sha256:…`, when known. */
  digest: string | null;
  /** deployed, failed, rolled_back (by Swarm), cancelled, timed_out. */
  outcome: string;
  /** Who ran it: the CI run's URL, or user@host. */
  performer: string;
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** The static release it left live. */
  staticRelease: string | null;
  /** Migrations it applied, e.g. `polls.0002_question_slug`. */
  migrations: string[];
  /** The plan's service counts, and all changes of every kind; null when no plan was made. */
  plan: {
    services: { create: number; update: number; remove: number; unchanged: number };
    changes: number;
  } | null;
  /** The error's code and (redacted) message when it did not succeed. */
  error: { code: string; message: string } | null;
  /** For a rollback: the record it restored. */
  rolledBackTo: { id: string; version: string } | null;
  /** True when the record lost its service specs (a rollback to it is impossible). */
  specsDropped: boolean;
  /** True for the newest successful record whose image digest the app service runs now. */
  serving: boolean;
}

/** The stable JSON form of a record; `servingId` is the record that serves now, if known. */
export function historyEntry(record: DeployHistoryRecord, servingId?: string): HistoryEntry {
  return {
    id: record.id,
    kind: record.kind,
    version: record.version,
    image: record.image,
    digest: record.digest ?? null,
    outcome: record.outcome,
    performer: record.performer,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    durationMs: record.durationMs,
    staticRelease: record.staticRelease ?? null,
    migrations: [...record.migrations],
    plan: record.plan
      ? { services: { ...record.plan.services }, changes: record.plan.changes }
      : null,
    error: record.error ? { code: record.error.code, message: record.error.message } : null,
    rolledBackTo: record.rolledBackTo
      ? { id: record.rolledBackTo.id, version: record.rolledBackTo.version }
      : null,
    specsDropped: record.specsDropped === true,
    serving: servingId !== undefined && record.id === servingId,
  };
}
