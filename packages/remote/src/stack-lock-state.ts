import { createHash } from 'node:crypto';
import { SWARMLIFT_LABEL_PREFIX } from '@swarmlift/core';

// A stack lock is a Swarm config named after the stack and purpose. Everything
// here decides from what the engine reports (the config's timestamps and
// labels, and the engine's own time): no local clock is read.

/** The label every lock config carries; its value is `stack/purpose`. */
export const LOCK_LABEL = `${SWARMLIFT_LABEL_PREFIX}lock`;
export const LOCK_STACK_LABEL = `${LOCK_LABEL}.stack`;
export const LOCK_PURPOSE_LABEL = `${LOCK_LABEL}.purpose`;
export const LOCK_OWNER_LABEL = `${LOCK_LABEL}.owner`;
/** How long the lock lasts after its last renewal (the config's UpdatedAt), in ms. */
export const LOCK_TTL_LABEL = `${LOCK_LABEL}.ttl-ms`;
/** A random value per acquisition: tells a holder its own config from a successor's. */
export const LOCK_TOKEN_LABEL = `${LOCK_LABEL}.token`;
/** Counts renewals; changing it is what makes the engine bump UpdatedAt. */
export const LOCK_RENEWALS_LABEL = `${LOCK_LABEL}.renewals`;
/** `deploy` (held by a running process, renewed) or `manual` (held by a person until released). */
export const LOCK_KIND_LABEL = `${LOCK_LABEL}.kind`;
/** Why a manual lock was taken (`swarmlift lock acquire -m`). */
export const LOCK_MESSAGE_LABEL = `${LOCK_LABEL}.message`;
/** Older locks (migrator 0.x) stated their expiry in the holder's clock. */
const LEGACY_EXPIRES_LABEL = `${LOCK_LABEL}.expires-at`;

const MAX_CONFIG_NAME = 64;
const PURPOSE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,31}$/;

/** True for a purpose name: up to 32 letters, digits, `_`, `.` and `-`. */
export function isLockPurpose(purpose: string): boolean {
  return PURPOSE.test(purpose);
}

/** The Swarm config name of a lock: `swarmlift-lock.<stack>.<purpose>`, shortened with a hash past 64 characters. */
export function lockConfigName(stack: string, purpose: string): string {
  const name = `swarmlift-lock.${stack}.${purpose}`;
  if (name.length <= MAX_CONFIG_NAME) return name;
  const hash = createHash('sha256').update(`${stack}\n${purpose}`).digest('hex').slice(0, 12);
  return `${name.slice(0, MAX_CONFIG_NAME - hash.length - 1)}.${hash}`;
}

/**
 * Who holds a lock: `deploy` — a running process that renews it, so it
 * expires when the process dies; `manual` — a person (`swarmlift lock
 * acquire`), so it never expires and is never taken over: only released.
 */
export type StackLockKind = 'deploy' | 'manual';

/** `expiresAt` of a lock that never expires (a manual lock). */
export const LOCK_NEVER_EXPIRES = 'never';

/** The labels of a lock config. */
export function lockLabels(options: {
  stack: string;
  purpose: string;
  owner: string;
  ttlMs: number;
  renewals: number;
  token: string;
  /** Default `deploy`. */
  kind?: StackLockKind | undefined;
  /** A manual lock's reason. */
  message?: string | undefined;
}): Record<string, string> {
  return {
    ...(options.kind === 'manual' ? { [LOCK_KIND_LABEL]: 'manual' } : {}),
    ...(options.message ? { [LOCK_MESSAGE_LABEL]: options.message } : {}),
    [LOCK_TOKEN_LABEL]: options.token,
    [LOCK_LABEL]: `${options.stack}/${options.purpose}`,
    [LOCK_STACK_LABEL]: options.stack,
    [LOCK_PURPOSE_LABEL]: options.purpose,
    [LOCK_OWNER_LABEL]: options.owner,
    [LOCK_TTL_LABEL]: String(Math.round(options.ttlMs)),
    [LOCK_RENEWALS_LABEL]: String(options.renewals),
  };
}

/** What the engine reports for a config (`GET /configs/{id}`, or one entry of the list). */
export interface EngineConfig {
  ID?: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: { Name?: string; Labels?: Record<string, string> };
}

/** A stack lock as it stands, judged by the engine's clock. Times are ISO 8601 (ms). */
export interface StackLockInfo {
  /** The Swarm config that is the lock. */
  lock: string;
  /** The config's ID: who removes or renews it goes by this. */
  id: string;
  /** The config's version, for updates. */
  version: number;
  stack: string;
  purpose: string;
  owner: string;
  ttlMs: number;
  renewals: number;
  /** The holder's random token (empty for locks of older versions). */
  token: string;
  /** `deploy`: a run's lock (renewed, expires); `manual`: a person's (never expires, only released). */
  kind: StackLockKind;
  /** Why a manual lock was taken; empty for a deploy's lock. */
  message: string;
  /** When the holder took it (the config's CreatedAt). */
  since: string;
  /** Its last renewal (UpdatedAt; CreatedAt when never renewed). */
  renewedAt: string;
  /**
   * `renewedAt + ttlMs`: after this, by the engine's clock, the next run takes
   * it over. `never` (LOCK_NEVER_EXPIRES) for a manual lock.
   */
  expiresAt: string;
  /** The engine's time when this was judged (`/info`'s SystemTime). */
  engineTime: string;
  expired: boolean;
}

/** Fallback for a lock config without a readable ttl label. */
export const DEFAULT_LOCK_TTL_MS = 15 * 60_000;

/**
 * Judges a lock config against the engine's time: it expires `ttlMs` after
 * its last renewal (`UpdatedAt`, else `CreatedAt`). A config without readable
 * timestamps counts as expired (nothing can vouch for it). A manual lock
 * never expires: a person holds it until they release it.
 */
export function judgeStackLock(config: EngineConfig, engineTime: string): StackLockInfo {
  const labels = config.Spec?.Labels ?? {};
  const lock = config.Spec?.Name ?? '';
  const [labelStack = '', labelPurpose = ''] = (labels[LOCK_LABEL] ?? '').split('/');
  const created = parseEngineTime(config.CreatedAt);
  const updated = parseEngineTime(config.UpdatedAt) ?? created;
  const now = parseEngineTime(engineTime);
  const ttl = Number(labels[LOCK_TTL_LABEL]);
  const ttlMs = Number.isFinite(ttl) && ttl > 0 ? ttl : DEFAULT_LOCK_TTL_MS;
  let expiresMs: number | undefined;
  if (labels[LOCK_TTL_LABEL] === undefined && labels[LEGACY_EXPIRES_LABEL] !== undefined) {
    const legacy = Date.parse(labels[LEGACY_EXPIRES_LABEL]);
    expiresMs = Number.isFinite(legacy) ? legacy : undefined;
  } else if (updated !== undefined) {
    expiresMs = updated + ttlMs;
  }
  const renewals = Number(labels[LOCK_RENEWALS_LABEL]);
  const kind: StackLockKind = labels[LOCK_KIND_LABEL] === 'manual' ? 'manual' : 'deploy';
  const manual = kind === 'manual';
  return {
    lock,
    id: config.ID ?? '',
    version: config.Version?.Index ?? 0,
    stack: labels[LOCK_STACK_LABEL] ?? labelStack,
    purpose: labels[LOCK_PURPOSE_LABEL] ?? labelPurpose,
    owner: labels[LOCK_OWNER_LABEL] || 'unknown',
    ttlMs,
    renewals: Number.isInteger(renewals) && renewals >= 0 ? renewals : 0,
    token: labels[LOCK_TOKEN_LABEL] ?? '',
    kind,
    message: labels[LOCK_MESSAGE_LABEL] ?? '',
    since: isoOrUnknown(created),
    renewedAt: isoOrUnknown(updated),
    expiresAt: manual ? LOCK_NEVER_EXPIRES : isoOrUnknown(expiresMs),
    engineTime: isoOrUnknown(now),
    expired: manual ? false : expiresMs === undefined || now === undefined || now >= expiresMs,
  };
}

/**
 * Reads a time the engine reports (RFC 3339 with up to nanoseconds and any
 * offset, e.g. `2026-11-28T13:50:01.123456789Z`) as epoch milliseconds.
 */
export function parseEngineTime(text: string | undefined): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})$/i.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const [, date, time, fraction = '', zone = 'Z'] = match;
  const ms = fraction.padEnd(3, '0').slice(0, 3);
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const value = Date.parse(`${date}T${time}.${ms}${offset}`);
  // Go's zero time (0001-01-01T00:00:00Z) means "not set".
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function isoOrUnknown(ms: number | undefined): string {
  return ms === undefined ? 'unknown' : new Date(ms).toISOString();
}
