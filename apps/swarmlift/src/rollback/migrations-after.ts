import type { DeployHistoryRecord } from '@swarmlift/swarm-deployer';

/**
 * The migrations applied after `target` (by the records newer than it, of
 * any outcome: a failed deploy may have migrated first), oldest first, each
 * with the version that applied it. A rollback never reverses them.
 */
export function migrationsAfter(
  records: readonly DeployHistoryRecord[],
  target: Pick<DeployHistoryRecord, 'id'>,
): { version: string; migration: string }[] {
  const index = records.findIndex((record) => record.id === target.id);
  const newer = index === -1 ? [] : records.slice(0, index);
  return [...newer]
    .reverse()
    .flatMap((record) =>
      record.migrations.map((migration) => ({ version: record.version, migration })),
    );
}
