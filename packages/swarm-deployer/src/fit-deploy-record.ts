import type { DeployHistoryRecord } from './deploy-history.js';
import { DEPLOY_RECORD_FORMAT } from './deploy-history.js';

/** What a record may weigh: Swarm's documented limit for a config's data (500 KB). */
export const MAX_DEPLOY_RECORD_BYTES = 500 * 1024;
/** Error messages longer than this are cut (the record keeps the start). */
const MAX_ERROR_MESSAGE = 4000;

export type FittedDeployRecord =
  | {
      ok: true;
      /** The JSON to store. */
      json: string;
      bytes: number;
      /** The service specs were left out to fit. */
      specsDropped: boolean;
    }
  | {
      ok: false;
      /** The size without the specs, still over the limit. */
      bytes: number;
    };

/**
 * The stored JSON of a record, `{ format: 1, id, ... }`, within `maxBytes`:
 * when the whole record is too big the service specs are dropped (and
 * `specsDropped: true` says so); when it is still too big, it does not fit.
 */
export function fitDeployRecord(
  record: DeployHistoryRecord,
  maxBytes: number = MAX_DEPLOY_RECORD_BYTES,
): FittedDeployRecord {
  const base: DeployHistoryRecord = { ...record };
  delete base.specsDropped;
  if (base.error && base.error.message.length > MAX_ERROR_MESSAGE)
    base.error = {
      code: base.error.code,
      message: `${base.error.message.slice(0, MAX_ERROR_MESSAGE)}… (cut)`,
    };
  const encode = (value: DeployHistoryRecord) => {
    const json = JSON.stringify({ format: DEPLOY_RECORD_FORMAT, ...value });
    return { json, bytes: Buffer.byteLength(json) };
  };
  const whole = encode(base);
  if (whole.bytes <= maxBytes) return { ok: true, ...whole, specsDropped: false };
  const slim = encode({
    ...base,
    services: base.services.map(({ spec: _spec, ...service }) => service),
    specsDropped: true,
  });
  if (slim.bytes <= maxBytes) return { ok: true, ...slim, specsDropped: true };
  return { ok: false, bytes: slim.bytes };
}
