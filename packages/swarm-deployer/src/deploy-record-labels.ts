import { createHash } from 'node:crypto';
import { SWARMLIFT_LABEL_PREFIX } from '@swarmlift/core';

// A deploy record is a Swarm config. It is found by its own label, never by the
// stack's namespace label, so neither a prune nor `docker stack rm` touches it.

/** The label every record carries; its value is the stack's name. */
export const DEPLOY_RECORD_LABEL = `${SWARMLIFT_LABEL_PREFIX}deploy-record`;
export const DEPLOY_RECORD_ID_LABEL = `${DEPLOY_RECORD_LABEL}.id`;
export const DEPLOY_RECORD_FORMAT_LABEL = `${DEPLOY_RECORD_LABEL}.format`;
export const DEPLOY_RECORD_VERSION_LABEL = `${DEPLOY_RECORD_LABEL}.version`;
export const DEPLOY_RECORD_OUTCOME_LABEL = `${DEPLOY_RECORD_LABEL}.outcome`;

const PREFIX = 'swarmlift-deploy.';
const MAX_CONFIG_NAME = 64;
/** `20261128T153913253992Z-3fa91c`: engine time to the microsecond, then 6 random hex digits. */
const RECORD_ID = /^\d{8}T\d{12}Z-[0-9a-f]{6}$/;

/** True for an id `deployRecordId` makes. */
export function isDeployRecordId(id: string): boolean {
  return RECORD_ID.test(id);
}

/**
 * A record id from the engine's time (RFC 3339 with up to nanoseconds, as
 * `/info`'s SystemTime) and 6 random hex digits: fixed width, so ids sort
 * by time as text. Undefined when the time cannot be read.
 */
export function deployRecordId(engineTime: string, randomHex: string): string | undefined {
  const match =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})$/i.exec(
      engineTime.trim(),
    );
  if (!match || !/^[0-9a-f]{6}$/.test(randomHex)) return undefined;
  const [, date, time, fraction = '', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const seconds = Date.parse(`${date}T${time}${offset}`);
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  // Whole seconds in UTC, then the engine's fraction to the microsecond.
  const utc = new Date(seconds).toISOString(); // 2026-11-28T15:39:13.000Z
  const micros = fraction.padEnd(6, '0').slice(0, 6);
  return `${utc.slice(0, 10).replaceAll('-', '')}T${utc.slice(11, 19).replaceAll(':', '')}${micros}Z-${randomHex}`;
}

/** The ISO 8601 time (ms) an id was made at. */
export function deployRecordTime(id: string): string | undefined {
  if (!isDeployRecordId(id)) return undefined;
  const d = id;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}.${d.slice(15, 18)}Z`;
}

/**
 * The Swarm config name of a record: `swarmlift-deploy.<stack>.<id>`; a stack
 * name too long for Swarm's 64 characters is shortened and given a hash, so
 * names of one stack still share one prefix and sort by id.
 */
export function deployRecordName(stack: string, id: string): string {
  const room = MAX_CONFIG_NAME - PREFIX.length - id.length - 1;
  if (stack.length <= room) return `${PREFIX}${stack}.${id}`;
  const hash = createHash('sha256').update(stack).digest('hex').slice(0, 6);
  return `${PREFIX}${stack.slice(0, room - hash.length - 1)}-${hash}.${id}`;
}

/** The labels of a record config: the stack, the id, the format, and version and outcome for `docker config ls`. */
export function deployRecordLabels(options: {
  stack: string;
  id: string;
  format: number;
  version: string;
  outcome: string;
}): Record<string, string> {
  return {
    [DEPLOY_RECORD_LABEL]: options.stack,
    [DEPLOY_RECORD_ID_LABEL]: options.id,
    [DEPLOY_RECORD_FORMAT_LABEL]: String(options.format),
    [DEPLOY_RECORD_VERSION_LABEL]: options.version.slice(0, 200),
    [DEPLOY_RECORD_OUTCOME_LABEL]: options.outcome,
  };
}

/** The engine list filter (`filters=`) for the records of one stack. */
export function deployRecordFilter(stack: string): string {
  return JSON.stringify({ label: [`${DEPLOY_RECORD_LABEL}=${stack}`] });
}
