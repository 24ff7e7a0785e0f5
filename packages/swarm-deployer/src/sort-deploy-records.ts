import {
  DEPLOY_RECORD_ID_LABEL,
  deployRecordId,
  isDeployRecordId,
} from './deploy-record-labels.js';

/** A record config as the engine lists it (`GET /configs`). */
export interface RecordConfig {
  ID?: string;
  CreatedAt?: string;
  Spec?: { Name?: string; Labels?: Record<string, string>; Data?: string };
}

/**
 * The key a record sorts by: its id label, or for a config without a valid
 * one (made by hand, or damaged) an id made from the engine's CreatedAt.
 */
export function deployRecordSortKey(config: RecordConfig): string {
  const id = config.Spec?.Labels?.[DEPLOY_RECORD_ID_LABEL];
  if (id !== undefined && isDeployRecordId(id)) return id;
  return deployRecordId(config.CreatedAt ?? '', '000000') ?? '';
}

/** The configs newest first (by id; equal keys by name, descending). */
export function sortDeployRecords<T extends RecordConfig>(configs: readonly T[]): T[] {
  const keyed = configs.map((config) => ({
    config,
    key: deployRecordSortKey(config),
    name: config.Spec?.Name ?? '',
  }));
  keyed.sort((a, b) => (a.key === b.key ? compare(b.name, a.name) : compare(b.key, a.key)));
  return keyed.map((item) => item.config);
}

/** The records to remove so that only the newest `keep` stay (valid or not, every record takes a place). */
export function deployRecordsToRemove<T extends RecordConfig>(
  configs: readonly T[],
  keep: number,
): T[] {
  return sortDeployRecords(configs).slice(keep);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
