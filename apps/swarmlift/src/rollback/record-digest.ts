import type { DeployHistoryRecord, ServiceSpecs } from '@swarmlift/swarm-deployer';

/** The app image's digest a record deployed: its own `digest`, else its app service's pinned one. */
export function recordDigest(
  record: Pick<DeployHistoryRecord, 'digest' | 'services'>,
  appService: string,
): string | undefined {
  return record.digest ?? record.services.find((service) => service.name === appService)?.digest;
}

/**
 * The digest the app service runs now, from its spec's image (pinned by
 * digest at deploy time) — never from the tag, which a later push may have
 * moved. Undefined when the service is gone or its image is not pinned.
 */
export function servingDigest(specs: ServiceSpecs, appService: string): string | undefined {
  return specs.services.find((entry) => entry.name === appService)?.digest;
}

/** A record that left its version running: only `deployed` (Swarm rolled back the others). */
export function succeeded(record: Pick<DeployHistoryRecord, 'outcome'>): boolean {
  return record.outcome === 'deployed';
}
