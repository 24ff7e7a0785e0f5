import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  abortReasonError,
  checkFunction,
  checkSignal,
  checkStackName,
  checkTimeoutMs,
  engineMessage,
  engineStatusCode,
  isEngineUnreachable,
  OptionsError,
  SwarmliftError,
  withDeadline,
} from '@swarmlift/core';
import { checkRemote } from './check-remote.js';
import type { DockerRemote } from './docker-remote.js';
import { engineRequest } from './engine-request.js';
import { LockHeldError, LockLostError, LockNotManualError, RemoteError } from './errors.js';
import type { StackLockEvent } from './events.js';
import {
  type EngineConfig,
  isLockPurpose,
  judgeStackLock,
  LOCK_TOKEN_LABEL,
  lockConfigName,
  lockLabels,
  type StackLockInfo,
  type StackLockKind,
} from './stack-lock-state.js';

export interface AcquireStackLockOptions {
  remote: DockerRemote;
  stack: string;
  /** What the lock guards; one lock per stack and purpose. Default `deploy`. */
  purpose?: string | undefined;
  /** Who holds it, shown to a run that finds it taken. Default `<hostname>:<pid>`. */
  owner?: string | undefined;
  /**
   * How long the lock lasts after its last renewal, by the engine's clock;
   * a lock not renewed for this long counts as abandoned and the next run
   * takes it over. Default 15 minutes.
   */
  ttlMs?: number | undefined;
  /** How often the held lock renews itself. Default `ttlMs / 3`; `false`: never (it is then lost once `ttlMs` passed). */
  renewEveryMs?: number | false | undefined;
  onEvent?: ((event: StackLockEvent) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** For taking the lock (each engine call); default 60 s. Past it: core's TimedOutError. */
  timeoutMs?: number | undefined;
}

export interface ReleaseOptions {
  signal?: AbortSignal | undefined;
  /** Default 30 s. */
  timeoutMs?: number | undefined;
}

/** A held stack lock. */
export interface StackLock {
  /** The Swarm config that is the lock. */
  readonly name: string;
  /** The config's ID. */
  readonly id: string;
  readonly stack: string;
  readonly purpose: string;
  readonly owner: string;
  /** When it was taken (engine time, ISO 8601). */
  readonly since: string;
  /** When it expires unless renewed again (engine time; moves on with each renewal). */
  readonly expiresAt: string;
  /**
   * `held` until released; `lost` once a renewal found it gone, or it was not
   * renewed within `ttlMs` (with `renewEveryMs: false`: once `ttlMs` passed).
   */
  readonly state: 'held' | 'lost' | 'released';
  /**
   * Resolves (never rejects) with a `LockLostError` when the lock is lost
   * while held: it was removed or taken over, or no renewal succeeded within
   * `ttlMs` (counted on this machine's monotonic clock from just before the
   * last renewal was sent, so it ends no later than the engine's expiry).
   * Stays pending while the lock is held and after `release()`.
   */
  readonly lost: Promise<LockLostError>;
  /** Aborts with the `LockLostError` when the lock is lost: pass it to the work the lock guards. */
  readonly signal: AbortSignal;
  /**
   * Gives the lock back and stops renewing it: removes the config by its ID,
   * so a lock that was taken over in between is left alone. Safe to call
   * twice (the second call returns the first call's promise).
   */
  release(options?: ReleaseOptions): Promise<void>;
}

const DEFAULT_TTL_MS = 15 * 60_000;
const DEFAULT_TIMEOUT_MS = 60_000;
const ATTEMPTS = 5;
/** How long one create request may take; it is not cut off by a cancel (see acquireLock). */
const CREATE_TIMEOUT_MS = 15_000;
const MANUAL_LOCK_TTL_LABEL_MS = 10 * 365 * 24 * 3600_000;

/**
 * Takes the stack's lock for `purpose`: a Swarm config with a fixed name,
 * which the manager's store lets only one caller create. A lock past its
 * expiry — judged by the engine's clock: the config's last update plus its
 * ttl against `/info`'s `SystemTime` — is removed and taken over, with a
 * `LOCK_TAKEN_OVER` warning naming the old holder; removal goes by the
 * config's ID, so two runs taking over the same stale lock cannot remove each
 * other's. A live lock is a `LockHeldError` (`LOCK_HELD`, exit code 4).
 *
 * While held, the lock renews itself every `renewEveryMs` (a label update,
 * which moves the config's `UpdatedAt`). A renewal that fails is retried at
 * the next interval (a `LOCK_RENEWAL_FAILED` warning); when the config is
 * gone, or no renewal succeeded within `ttlMs` (with `renewEveryMs: false`:
 * once `ttlMs` passed), the lock is lost: a
 * `LOCK_LOST` warning, `lock.state === 'lost'`, `lock.lost` resolves and
 * `lock.signal` aborts.
 */
export async function acquireStackLock(options: AcquireStackLockOptions): Promise<StackLock> {
  const settings = checkAcquireOptions(options);
  const emit = options.onEvent ?? (() => {});
  const taken = await takeLock({
    ...settings,
    kind: 'deploy',
    message: '',
    emit,
    signal: options.signal,
  });
  return holdLock({ ...settings, ...taken, emit });
}

export interface PlaceManualStackLockOptions {
  remote: DockerRemote;
  stack: string;
  /** Default `deploy`: the lock every deploy and migration of the stack takes. */
  purpose?: string | undefined;
  /** The person (or run) that holds it, shown to every run it stops. */
  owner: string;
  /** Why the stack is locked (1–500 characters), shown to every run it stops. */
  message: string;
  onEvent?: ((event: StackLockEvent) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** Default 60 s. */
  timeoutMs?: number | undefined;
}

/**
 * Takes the stack's lock for `purpose` as a manual lock: held by a person,
 * not a process, so it is never renewed, never expires and is never taken
 * over. `acquireStackLock` then fails at once with a `LockHeldError` whose
 * `kind` is `manual` and whose message carries `message`, until
 * `releaseManualStackLock` (or `breakStackLock`) removes it. An expired
 * deploy lock is taken over (a `LOCK_TAKEN_OVER` warning); a live one, or
 * another manual lock, is a `LockHeldError`. Returns the lock as it stands.
 */
export async function placeManualStackLock(
  options: PlaceManualStackLockOptions,
): Promise<StackLockInfo> {
  const settings = checkAcquireOptions({ ...options, renewEveryMs: false });
  const message = options.message;
  if (typeof message !== 'string' || message.trim() === '' || message.length > 500) {
    throw new OptionsError({
      field: 'message',
      message: 'must be a non-empty string of at most 500 characters',
      hint: 'Say why the stack is locked and until when, e.g. "database maintenance until 14:00".',
    });
  }
  const emit = options.onEvent ?? (() => {});
  const taken = await takeLock({
    ...settings,
    // Only what older swarmlift versions (which know no manual locks) read: ~10 years.
    ttlMs: MANUAL_LOCK_TTL_LABEL_MS,
    kind: 'manual',
    message: message.trim(),
    emit,
    signal: options.signal,
  });
  emit({
    type: 'lock_acquired',
    stack: settings.stack,
    purpose: settings.purpose,
    lock: taken.name,
    owner: settings.owner,
    expiresAt: taken.info.expiresAt,
    tookOverExpired: taken.tookOverExpired,
  });
  return taken.info;
}

/**
 * Removes the stack's manual lock for `purpose` and returns it (undefined
 * when nobody held the lock). A run's lock is left alone: a
 * `LockNotManualError` (`LOCK_NOT_MANUAL`, exit code 4) says who holds it —
 * `breakStackLock` is the tool for a dead run's lock. Removal goes by the
 * config's ID, so a lock taken in between is never removed by mistake.
 */
export async function releaseManualStackLock(
  options: ReadStackLockOptions,
): Promise<StackLockInfo | undefined> {
  return withLockCall(options, 'Releasing', async (docker, name, signal) => {
    const info = await findLock(docker, name, signal);
    if (info === undefined) return undefined;
    if (info.kind !== 'manual') {
      throw new LockNotManualError({
        lock: name,
        owner: info.owner,
        since: info.since,
        expiresAt: info.expiresAt,
        expired: info.expired,
      });
    }
    await removeConfig(docker, info.id, signal);
    return info;
  });
}

/**
 * Creates the lock config, taking over an expired one; a live lock is a
 * LockHeldError. Shared by run locks (then held and renewed) and manual locks.
 */
async function takeLock(
  options: LockSettings & {
    kind: StackLockKind;
    message: string;
    emit: (event: StackLockEvent) => void;
    signal: AbortSignal | undefined;
  },
): Promise<{
  name: string;
  info: StackLockInfo;
  token: string;
  takenAt: number;
  tookOverExpired: boolean;
}> {
  const { docker } = options.remote;
  const { stack, purpose, owner, ttlMs, kind, message, emit } = options;
  const name = lockConfigName(stack, purpose);
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `Taking the lock ${name}`,
  });
  const signal = deadline.signal;
  try {
    let tookOverExpired = false;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const token = randomUUID();
      // Before the request: the engine's CreatedAt is later, so the holder's own count of the
      // ttl ends no later than the engine's.
      const takenAt = performance.now();
      let created: string | undefined;
      let info: StackLockInfo | undefined;
      try {
        // The create request is never cut off half-way: the engine may still
        // create the config after the connection is dropped, later than any
        // clean-up could look. It ends on its own short deadline; a cancel
        // that came meanwhile is honoured right after it, with the clean-up.
        const creating = withDeadline({ timeoutMs: CREATE_TIMEOUT_MS, what: `Creating ${name}` });
        try {
          created = await createLockConfig(docker, {
            name,
            labels: lockLabels({ stack, purpose, owner, ttlMs, renewals: 0, token, kind, message }),
            data: { stack, purpose, owner, ttlMs, kind },
            signal: creating.signal,
          });
        } finally {
          creating.dispose();
        }
        if (signal?.aborted) throw abortReasonError(signal);
        if (created !== undefined) info = await inspectLock(docker, created, signal);
      } catch (error) {
        // Cancelled or failed half-way: a config this call created must not stay behind as a lock.
        await removeOwnConfig(docker, name, token);
        throw error;
      }
      if (created !== undefined) {
        if (info === undefined) continue; // removed at once by someone who judged it expired
        if (kind === 'deploy') {
          emit({
            type: 'lock_acquired',
            stack,
            purpose,
            lock: name,
            owner,
            expiresAt: info.expiresAt,
            tookOverExpired,
          });
        }
        return { name, info, token, takenAt, tookOverExpired };
      }
      const held = await findLock(docker, name, signal);
      if (held === undefined) continue; // released in between: try again
      if (!held.expired) {
        throw new LockHeldError({
          lock: name,
          owner: held.owner,
          since: held.since,
          expiresAt: held.expiresAt,
          kind: held.kind,
          lockMessage: held.message,
        });
      }
      // Judged expired: make sure it was not renewed meanwhile, then remove exactly that config.
      const again = await inspectLock(docker, held.id, signal);
      if (again === undefined) continue;
      if (again.version !== held.version || !again.expired) continue;
      emit({
        type: 'warning',
        code: 'LOCK_TAKEN_OVER',
        message: `Took over the lock ${name} of ${held.owner}, which expired at ${held.expiresAt} (engine time ${held.engineTime}) without being renewed or released`,
        stack,
        purpose,
        lock: name,
        previousOwner: held.owner,
        expiredAt: held.expiresAt,
      });
      await removeConfig(docker, held.id, signal);
      tookOverExpired = true;
    }
    throw new LockHeldError({
      lock: name,
      owner: 'another run (contended)',
      since: 'unknown',
      expiresAt: 'unknown',
    });
  } catch (error) {
    throw lockError(error, `Taking the lock ${name}`);
  } finally {
    deadline.dispose();
  }
}

export interface ReadStackLockOptions {
  remote: DockerRemote;
  stack: string;
  /** Default `deploy`. */
  purpose?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Default 60 s. */
  timeoutMs?: number | undefined;
}

/**
 * The stack's lock for `purpose` as it stands, judged by the engine's clock
 * (`expired`, `expiresAt`), or undefined when nobody holds it.
 */
export async function readStackLock(
  options: ReadStackLockOptions,
): Promise<StackLockInfo | undefined> {
  return withLockCall(options, 'Reading', (docker, name, signal) => findLock(docker, name, signal));
}

/**
 * Removes the stack's lock for `purpose` whoever holds it, and returns what
 * it removed (undefined when nobody held it). For a lock left by a run that
 * can no longer release it (`swarmlift unlock --force`); a holder that is
 * still alive finds its lock lost at its next renewal and stops.
 */
export async function breakStackLock(
  options: ReadStackLockOptions,
): Promise<StackLockInfo | undefined> {
  return withLockCall(options, 'Removing', async (docker, name, signal) => {
    const info = await findLock(docker, name, signal);
    if (info) await removeConfig(docker, info.id, signal);
    return info;
  });
}

/** Checks the options of a one-shot lock call and runs it within its deadline; engine errors become lock errors. */
async function withLockCall<T>(
  options: ReadStackLockOptions,
  verb: string,
  call: (
    docker: DockerRemote['docker'],
    name: string,
    signal: AbortSignal | undefined,
  ) => Promise<T>,
): Promise<T> {
  const remote = checkRemote(options?.remote);
  const stack = checkStackName(options.stack);
  const purpose = checkPurpose(options.purpose);
  checkSignal(options.signal);
  const timeoutMs = checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  const name = lockConfigName(stack, purpose);
  const what = `${verb} the lock ${name}`;
  const deadline = withDeadline({ signal: options.signal, timeoutMs, what });
  try {
    return await call(remote.docker, name, deadline.signal);
  } catch (error) {
    throw lockError(error, what);
  } finally {
    deadline.dispose();
  }
}

interface LockSettings {
  remote: DockerRemote;
  stack: string;
  purpose: string;
  owner: string;
  ttlMs: number;
  renewEveryMs: number | false;
  timeoutMs: number;
}

function checkAcquireOptions(options: AcquireStackLockOptions): LockSettings {
  const remote = checkRemote(options?.remote);
  const stack = checkStackName(options.stack);
  const purpose = checkPurpose(options.purpose);
  checkSignal(options.signal);
  checkFunction(options.onEvent, 'onEvent');
  const owner = options.owner ?? `${hostname()}:${process.pid}`;
  if (typeof owner !== 'string' || owner.trim() === '' || owner.length > 200) {
    throw new OptionsError({
      field: 'owner',
      message: 'must be a non-empty string of at most 200 characters',
      hint: 'Name the run, e.g. "ci-run-1234" or "deploy@host".',
    });
  }
  const ttlMs = checkTimeoutMs(options.ttlMs, 'ttlMs') ?? DEFAULT_TTL_MS;
  let renewEveryMs: number | false;
  if (options.renewEveryMs === false) renewEveryMs = false;
  else {
    renewEveryMs =
      checkTimeoutMs(options.renewEveryMs, 'renewEveryMs') ?? Math.max(10, Math.floor(ttlMs / 3));
    if (options.renewEveryMs !== undefined && renewEveryMs >= ttlMs) {
      throw new OptionsError({
        field: 'renewEveryMs',
        message: `must be shorter than ttlMs (${ttlMs} ms), got ${renewEveryMs}`,
        hint: 'Renew well within the ttl, e.g. every third of it (the default).',
      });
    }
  }
  const timeoutMs = checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  return { remote, stack, purpose, owner, ttlMs, renewEveryMs, timeoutMs };
}

function checkPurpose(purpose: unknown): string {
  if (purpose === undefined) return 'deploy';
  if (typeof purpose !== 'string' || !isLockPurpose(purpose)) {
    throw new OptionsError({
      field: 'purpose',
      message: `${JSON.stringify(purpose)} is not a valid lock purpose`,
      hint: 'Use up to 32 letters, digits, "_", "." and "-", e.g. "deploy" or "migrate".',
    });
  }
  return purpose;
}

/** Starts renewing and returns the handle. */
function holdLock(
  options: LockSettings & {
    name: string;
    info: StackLockInfo;
    /** `performance.now()` just before the config was created. */
    takenAt: number;
    token: string;
    emit: (event: StackLockEvent) => void;
  },
): StackLock {
  const { remote, stack, purpose, owner, ttlMs, name, emit } = options;
  const { docker } = remote;
  const { id } = options.info;
  let expiresAt = options.info.expiresAt;
  let state: StackLock['state'] = 'held';
  let lastRenewal = options.takenAt;
  let timer: NodeJS.Timeout | undefined;
  let expiryTimer: NodeJS.Timeout | undefined;
  let lastFailure: string | undefined;
  let renewing: Promise<void> | undefined;
  let releasing: Promise<void> | undefined;
  const controller = new AbortController();
  let resolveLost: (error: LockLostError) => void = () => {};
  const lost = new Promise<LockLostError>((resolve) => {
    resolveLost = resolve;
  });

  const stopRenewing = () => {
    if (timer !== undefined) clearInterval(timer);
    if (expiryTimer !== undefined) clearTimeout(expiryTimer);
    timer = undefined;
    expiryTimer = undefined;
  };
  /**
   * Counts the ttl on this machine's monotonic clock from just before the
   * last successful renewal was sent: that ends no later than the engine's
   * own expiry, so the holder knows it lost the lock before anyone can take it.
   */
  const watchExpiry = () => {
    if (expiryTimer !== undefined) clearTimeout(expiryTimer);
    const left = Math.max(0, lastRenewal + ttlMs - performance.now());
    expiryTimer = setTimeout(() => {
      if (state !== 'held') return;
      if (options.renewEveryMs === false) {
        loseLock(`its ttl of ${ttlMs} ms passed (renewal is off); another run may take it over`);
        return;
      }
      const last = lastFailure === undefined ? '' : ` (last renewal failure: ${lastFailure})`;
      loseLock(`it was not renewed within its ttl of ${ttlMs} ms${last}`);
    }, left);
    expiryTimer.unref();
  };
  const loseLock = (reason: string, heldBy?: string, cause?: unknown) => {
    if (state !== 'held') return;
    state = 'lost';
    stopRenewing();
    const error = new LockLostError({ lock: name, reason, heldBy, cause });
    emit({
      type: 'warning',
      code: 'LOCK_LOST',
      message: error.message,
      stack,
      purpose,
      lock: name,
    });
    controller.abort(error);
    resolveLost(error);
  };

  const renewOnce = async () => {
    const renewalMs = options.renewEveryMs === false ? ttlMs : options.renewEveryMs;
    const deadline = withDeadline({ timeoutMs: renewalMs, what: `Renewing the lock ${name}` });
    try {
      const current = await inspectLock(docker, id, deadline.signal);
      if (state !== 'held') return;
      if (current === undefined) {
        const holder = await findLock(docker, name, deadline.signal).catch(() => undefined);
        loseLock(
          holder
            ? `it was removed and is now held by ${holder.owner}`
            : 'it was removed (taken over after it expired, or by hand)',
          holder?.owner,
        );
        return;
      }
      const sentAt = performance.now();
      await engineRequest(docker, {
        method: 'POST',
        path: `/configs/${encodeURIComponent(id)}/update`,
        query: { version: current.version },
        body: {
          Name: name,
          Labels: lockLabels({
            stack,
            purpose,
            owner,
            ttlMs,
            renewals: current.renewals + 1,
            token: options.token,
          }),
        },
        signal: deadline.signal,
      });
      const renewed = await inspectLock(docker, id, deadline.signal);
      if (state !== 'held') return;
      if (renewed === undefined) {
        loseLock('it was removed while being renewed');
        return;
      }
      lastRenewal = sentAt;
      watchExpiry();
      expiresAt = renewed.expiresAt;
      emit({ type: 'lock_renewed', stack, purpose, lock: name, expiresAt });
    } catch (error) {
      if (state !== 'held') return;
      const reason = SwarmliftError.isInstance(error) ? error.message : engineMessage(error);
      lastFailure = reason;
      emit({
        type: 'warning',
        code: 'LOCK_RENEWAL_FAILED',
        message: `Renewing the lock ${name} failed (retried in ${renewalMs} ms): ${reason}`,
        stack,
        purpose,
        lock: name,
      });
    } finally {
      deadline.dispose();
    }
  };

  if (options.renewEveryMs !== false) {
    timer = setInterval(() => {
      if (renewing !== undefined || state !== 'held') return;
      renewing = renewOnce().finally(() => {
        renewing = undefined;
      });
    }, options.renewEveryMs);
    // A held lock does not keep the process alive by itself: if the process ends, the lock expires.
    timer.unref();
  }
  watchExpiry();

  const release = (releaseOptions: ReleaseOptions = {}): Promise<void> => {
    releasing ??= (async () => {
      const wasHeld = state === 'held';
      state = 'released';
      stopRenewing();
      const timeoutMs = checkTimeoutMs(releaseOptions.timeoutMs) ?? 30_000;
      const deadline = withDeadline({
        signal: releaseOptions.signal,
        timeoutMs,
        what: `Releasing the lock ${name}`,
      });
      try {
        // An in-flight renewal finishes first, so it cannot report the removal as a loss.
        await renewing?.catch(() => {});
        await removeConfig(docker, id, deadline.signal);
      } catch (error) {
        throw lockError(error, `Releasing the lock ${name}`);
      } finally {
        deadline.dispose();
      }
      if (wasHeld) emit({ type: 'lock_released', stack, purpose, lock: name });
    })();
    return releasing;
  };

  return {
    name,
    id,
    stack,
    purpose,
    owner,
    since: options.info.since,
    get expiresAt() {
      return expiresAt;
    },
    get state() {
      return state;
    },
    lost,
    signal: controller.signal,
    release,
  };
}

/** Creates the lock config; undefined when a config of that name exists (HTTP 409). */
async function createLockConfig(
  docker: DockerRemote['docker'],
  options: {
    name: string;
    labels: Record<string, string>;
    data: unknown;
    signal?: AbortSignal | undefined;
  },
): Promise<string | undefined> {
  try {
    const created = await engineRequest<{ ID?: string; Id?: string }>(docker, {
      method: 'POST',
      path: '/configs/create',
      body: {
        Name: options.name,
        Labels: options.labels,
        Data: Buffer.from(JSON.stringify(options.data)).toString('base64'),
      },
      signal: options.signal,
    });
    const id = created?.ID ?? created?.Id;
    if (!id) throw new Error('the engine returned no config ID');
    return id;
  } catch (error) {
    if (engineStatusCode(error) === 409) return undefined;
    throw error;
  }
}

/** The lock config with this ID judged now, or undefined when it is gone. */
async function inspectLock(
  docker: DockerRemote['docker'],
  id: string,
  signal: AbortSignal | undefined,
): Promise<StackLockInfo | undefined> {
  let config: EngineConfig;
  try {
    config = await engineRequest<EngineConfig>(docker, {
      method: 'GET',
      path: `/configs/${encodeURIComponent(id)}`,
      signal,
    });
  } catch (error) {
    if (engineStatusCode(error) === 404) return undefined;
    throw error;
  }
  return judgeStackLock(config, await engineTime(docker, signal));
}

/** The lock config of this name judged now, or undefined when nobody holds it. */
async function findLock(
  docker: DockerRemote['docker'],
  name: string,
  signal: AbortSignal | undefined,
): Promise<StackLockInfo | undefined> {
  const configs = await engineRequest<EngineConfig[]>(docker, {
    method: 'GET',
    path: '/configs',
    query: { filters: JSON.stringify({ name: [name] }) },
    signal,
  });
  // The name filter matches prefixes: keep the exact name only.
  const config = (configs ?? []).find((item) => item.Spec?.Name === name);
  if (config === undefined) return undefined;
  return judgeStackLock(config, await engineTime(docker, signal));
}

/** The engine's own clock (`/info`'s SystemTime): expiry is judged by it, never by ours. */
async function engineTime(
  docker: DockerRemote['docker'],
  signal: AbortSignal | undefined,
): Promise<string> {
  const info = await engineRequest<{ SystemTime?: string }>(docker, {
    method: 'GET',
    path: '/info',
    signal,
  });
  return info?.SystemTime ?? '';
}

/**
 * Best effort, with its own short deadline (the caller's signal may be the
 * reason we are here): removes the lock config of this name if it carries
 * `token`, i.e. if this acquisition created it.
 */
async function removeOwnConfig(
  docker: DockerRemote['docker'],
  name: string,
  token: string,
): Promise<void> {
  const deadline = withDeadline({ timeoutMs: 10_000, what: `Removing the lock ${name}` });
  try {
    const configs = await engineRequest<EngineConfig[]>(docker, {
      method: 'GET',
      path: '/configs',
      query: { filters: JSON.stringify({ name: [name] }) },
      signal: deadline.signal,
    });
    const own = (configs ?? []).find(
      (config) => config.Spec?.Name === name && config.Spec?.Labels?.[LOCK_TOKEN_LABEL] === token,
    );
    if (own?.ID) await removeConfig(docker, own.ID, deadline.signal);
  } catch {
    // The engine is gone too: the config, if any, expires after its ttl.
  } finally {
    deadline.dispose();
  }
}

async function removeConfig(
  docker: DockerRemote['docker'],
  id: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    await engineRequest(docker, {
      method: 'DELETE',
      path: `/configs/${encodeURIComponent(id)}`,
      signal,
    });
  } catch (error) {
    if (engineStatusCode(error) !== 404) throw error;
  }
}

/** Swarmlift errors pass as they are; engine errors become RemoteErrors with the engine's words. */
function lockError(error: unknown, what: string): Error {
  if (SwarmliftError.isInstance(error)) return error;
  if (isEngineUnreachable(error)) {
    return new RemoteError({
      code: 'DOCKER_UNREACHABLE',
      message: `${what}: the Docker engine did not answer (${engineMessage(error)})`,
      hint: 'Check that dockerd runs and that this user may use its socket (group docker).',
      cause: error,
    });
  }
  if (engineStatusCode(error) === 503) {
    return new RemoteError({
      code: 'DOCKER_NOT_SWARM_MANAGER',
      message: `${what}: ${engineMessage(error)}`,
      hint: 'Locks are Swarm configs: connect to a Swarm manager (docker node ls on a manager lists them).',
      cause: error,
    });
  }
  return new RemoteError({
    code: 'LOCK_FAILED',
    message: `${what} failed: ${engineMessage(error)}`,
    hint: 'Check the engine (docker config ls) and run again.',
    cause: error,
  });
}
