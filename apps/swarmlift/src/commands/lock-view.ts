import type { StackLockInfo } from '@swarmlift/remote';

/** `lock --json`'s view of the stack's lock (stable; `null` when nobody holds it). */
export interface LockView {
  /** The Swarm config that is the lock. */
  lock: string;
  /** `deploy`: a run's lock (renewed while it runs, expires when it died); `manual`: a person's, until released. */
  kind: 'deploy' | 'manual';
  /** Who holds it: the CI run's URL or user@host. */
  holder: string;
  /** Why (a manual lock's `-m`); null for a run's lock. */
  message: string | null;
  /** Since when (engine time, ISO 8601). */
  since: string;
  /** When it expires unless renewed (engine time); null for a manual lock (until released). */
  expiresAt: string | null;
  /** A run's lock past its expiry: the next deploy takes it over. */
  expired: boolean;
}

/** The JSON view of a lock as remote reads it. */
export function lockView(info: StackLockInfo | undefined): LockView | null {
  if (info === undefined) return null;
  const manual = info.kind === 'manual';
  return {
    lock: info.lock,
    kind: info.kind,
    holder: info.owner,
    message: info.message === '' ? null : info.message,
    since: info.since,
    expiresAt: manual ? null : info.expiresAt,
    expired: info.expired,
  };
}

/** `lock status` for people: one line per fact. */
export function lockLines(stack: string, view: LockView | null): string[] {
  if (view === null) return [`Stack ${stack} is not locked: deploys can take the lock.`];
  const lines = [
    view.kind === 'manual'
      ? `Stack ${stack} is locked by hand (manual lock): deploys and migrations exit 4 until it is released.`
      : view.expired
        ? `Stack ${stack} has an expired deploy lock: the next deploy takes it over.`
        : `Stack ${stack} is locked by a running deploy.`,
    `  holder:  ${view.holder}`,
  ];
  if (view.message !== null) lines.push(`  message: ${view.message}`);
  lines.push(`  since:   ${view.since}`);
  lines.push(
    `  expiry:  ${view.expiresAt === null ? 'until released (swarmlift lock release)' : `${view.expiresAt}${view.expired ? ' (expired)' : ' unless renewed'}`}`,
  );
  lines.push(`  kind:    ${view.kind}`);
  return lines;
}
