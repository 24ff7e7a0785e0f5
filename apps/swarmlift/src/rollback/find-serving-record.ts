import type { DeployHistoryRecord } from '@swarmlift/swarm-deployer';
import { recordDigest, succeeded } from './record-digest.js';

/**
 * The record that put the serving image in place: the newest successful
 * record with the serving digest; when that is a rollback, the deploy it
 * restored (followed while it is still kept), so "before the serving one"
 * means before that version was first deployed. `records` newest first.
 */
export function findServingRecord(
  records: readonly DeployHistoryRecord[],
  digest: string | undefined,
  appService: string,
): DeployHistoryRecord | undefined {
  if (digest === undefined) return undefined;
  let anchor = records.find(
    (record) => succeeded(record) && recordDigest(record, appService) === digest,
  );
  const seen = new Set<string>();
  while (anchor?.kind === 'rollback' && anchor.rolledBackTo && !seen.has(anchor.id)) {
    seen.add(anchor.id);
    const restored = records.find((record) => record.id === anchor?.rolledBackTo?.id);
    if (!restored) break;
    anchor = restored;
  }
  return anchor;
}

/** The newest successful record whose digest the app service runs (history's `serving` mark). */
export function servingRecordId(
  records: readonly DeployHistoryRecord[],
  digest: string | undefined,
  appService: string,
): string | undefined {
  if (digest === undefined) return undefined;
  return records.find((record) => succeeded(record) && recordDigest(record, appService) === digest)
    ?.id;
}
