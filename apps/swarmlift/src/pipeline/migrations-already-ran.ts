import type { DeployHistoryRecord } from '@swarmlift/swarm-deployer';

/**
 * On a redeploy that changes nothing: the record showing that this version's
 * migrations already ran — the newest record of this version, if it
 * deployed successfully. A failed or cancelled last attempt means they may
 * not have run, so the deploy runs them again.
 */
export function migrationsAlreadyRan(
  records: readonly Pick<DeployHistoryRecord, 'id' | 'version' | 'outcome' | 'kind'>[],
  version: string,
): Pick<DeployHistoryRecord, 'id' | 'version'> | undefined {
  const newest = records.find((record) => record.version === version);
  return newest?.outcome === 'deployed' && newest.kind === 'deploy' ? newest : undefined;
}
