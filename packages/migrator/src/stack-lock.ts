import { hostname } from 'node:os';
import { LockHeldError, optionsInvalid } from './errors.js';
import type { OnMigratorEvent } from './events.js';
import type { DockerRemote } from './one-off-types.js';

export const LOCK_LABEL = 'io.swarmlift.lock';
const OWNER_LABEL = 'io.swarmlift.lock.owner';
const EXPIRES_LABEL = 'io.swarmlift.lock.expires-at';

export interface AcquireStackLockOptions {
  remote: DockerRemote;
  stack: string;
  /** What the lock guards; one lock per stack and purpose. Default `migrate`. */
  purpose?: string | undefined;
  /** After this the lock counts as abandoned and the next run takes it over. Default 15 minutes. */
  ttlMs?: number | undefined;
  /** Who holds it, shown to a run that finds it taken. Default `<hostname>:<pid>`. */
  owner?: string | undefined;
  onEvent?: OnMigratorEvent | undefined;
}

export interface StackLock {
  /** The Swarm config that is the lock. */
  name: string;
  id: string;
  owner: string;
  expiresAt: string;
  /** Gives the lock back; safe to call twice, and harmless after it was taken over. */
  release(): Promise<void>;
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * Takes the stack's lock: a Swarm config with a fixed name, which the
 * manager's store lets only one caller create. A lock past its expiry (its
 * holder died) is removed and taken over; removal goes by the config's ID, so
 * two runs taking over the same stale lock cannot remove each other's.
 */
export async function acquireStackLock(options: AcquireStackLockOptions): Promise<StackLock> {
  const purpose = options.purpose ?? 'migrate';
  if (!NAME.test(options.stack))
    throw optionsInvalid(
      'stack',
      `"${options.stack}" is not a valid stack name`,
      'Use letters, digits, "_", "." and "-".',
    );
  if (!NAME.test(purpose))
    throw optionsInvalid(
      'purpose',
      `"${purpose}" is not a valid name`,
      'Use letters, digits, "_", "." and "-".',
    );
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  if (!(Number.isFinite(ttlMs) && ttlMs > 0))
    throw optionsInvalid(
      'ttlMs',
      'must be a positive number of milliseconds',
      'e.g. 900000 for 15 minutes.',
    );
  const { docker } = options.remote;
  const name = `swarmlift-lock.${options.stack}.${purpose}`.slice(0, 64);
  const owner = options.owner ?? `${hostname()}:${process.pid}`;
  let tookOverExpired = false;
  for (let attempt = 0; attempt < 5; attempt++) {
    const expiresAt = new Date(Date.now() + ttlMs).toISOString();
    try {
      const created = (await docker.createConfig({
        Name: name,
        Labels: {
          [LOCK_LABEL]: `${options.stack}/${purpose}`,
          [OWNER_LABEL]: owner,
          [EXPIRES_LABEL]: expiresAt,
        },
        Data: Buffer.from(JSON.stringify({ owner, expiresAt })).toString('base64'),
      })) as { id?: string; ID?: string };
      const id = created.id ?? created.ID ?? '';
      options.onEvent?.({ type: 'lock_acquired', lock: name, owner, expiresAt, tookOverExpired });
      let released = false;
      return {
        name,
        id,
        owner,
        expiresAt,
        release: async () => {
          if (released) return;
          released = true;
          await docker
            .getConfig(id)
            .remove()
            .catch((error: { statusCode?: number }) => {
              if (error.statusCode !== 404) throw error;
            });
          options.onEvent?.({ type: 'lock_released', lock: name });
        },
      };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 409) throw error;
    }
    const held = (await docker.listConfigs({ filters: JSON.stringify({ name: [name] }) })).find(
      (config) => config.Spec?.Name === name,
    );
    if (!held) continue; // released in between: try again
    const labels = held.Spec?.Labels ?? {};
    const heldUntil = labels[EXPIRES_LABEL] ?? '';
    const expiry = Date.parse(heldUntil);
    if (Number.isFinite(expiry) && expiry > Date.now())
      throw new LockHeldError({
        lock: name,
        owner: labels[OWNER_LABEL] ?? 'unknown',
        expiresAt: heldUntil,
      });
    await docker
      .getConfig(held.ID)
      .remove()
      .catch(() => {});
    tookOverExpired = true;
  }
  throw new LockHeldError({ lock: name, owner: 'another run (contended)', expiresAt: 'unknown' });
}
