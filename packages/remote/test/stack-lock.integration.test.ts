import { CancelledError } from '@swarmlift/core';
import {
  describeIntegration,
  dockerClient,
  expectRejection,
  startPrivateSshd,
  uniqueName,
} from '@swarmlift/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  acquireStackLock,
  breakStackLock,
  connect,
  LOCK_LABEL,
  LockHeldError,
  LockLostError,
  placeManualStackLock,
  type Remote,
  readStackLock,
  releaseManualStackLock,
  type StackLock,
  type StackLockEvent,
} from '../src/index.js';
import { privateSshdOptions, rejectionOf, sshOptions } from './helpers.js';

describeIntegration('the stack lock: a Swarm config, judged by the engine’s clock', (env) => {
  let remote: Remote;
  const docker = dockerClient(env);
  const stacks: string[] = [];
  const held: StackLock[] = [];
  const newStack = (label: string) => {
    const stack = uniqueName(label);
    stacks.push(stack);
    return stack;
  };
  const lockConfig = async (stack: string, purpose = 'deploy') =>
    (
      await docker.listConfigs({
        filters: JSON.stringify({ label: [`${LOCK_LABEL}=${stack}/${purpose}`] }),
      })
    )[0];

  beforeAll(async () => {
    remote = await connect(sshOptions(env));
  });
  afterAll(async () => {
    await Promise.all(held.map((lock) => lock.release().catch(() => {})));
    for (const stack of stacks) {
      const configs = await docker.listConfigs({
        filters: JSON.stringify({ label: [`${LOCK_LABEL}.stack=${stack}`] }),
      });
      await Promise.all(configs.map((config) => docker.getConfig(config.ID).remove()));
    }
    await remote?.close();
  });

  describe('one holder at a time', () => {
    const stack = newStack('lock');
    let first: StackLock;

    it('takes the lock as a config with io.swarmlift.lock* labels, not the stack namespace', async () => {
      const events: StackLockEvent[] = [];
      first = await acquireStackLock({
        remote,
        stack,
        owner: 'ci-run-1',
        ttlMs: 60_000,
        onEvent: (event) => events.push(event),
      });
      held.push(first);
      expect(first).toMatchObject({
        name: `swarmlift-lock.${stack}.deploy`,
        stack,
        purpose: 'deploy',
        owner: 'ci-run-1',
        state: 'held',
      });
      expect(Date.parse(first.expiresAt) - Date.parse(first.since)).toBe(60_000);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'lock_acquired',
          owner: 'ci-run-1',
          tookOverExpired: false,
        }),
      ]);
      const config = await lockConfig(stack);
      expect(config?.ID).toBe(first.id);
      expect(config?.Spec?.Labels).toMatchObject({
        [LOCK_LABEL]: `${stack}/deploy`,
        [`${LOCK_LABEL}.owner`]: 'ci-run-1',
        [`${LOCK_LABEL}.ttl-ms`]: '60000',
      });
      expect(Object.keys(config?.Spec?.Labels ?? {})).not.toContain('com.docker.stack.namespace');
    });

    it('refuses a second run with LOCK_HELD naming the holder, since and expiry', async () => {
      const refused = await expectRejection(
        acquireStackLock({ remote, stack, owner: 'ci-run-2' }),
        { code: 'LOCK_HELD', class: LockHeldError, message: 'ci-run-1', env },
      );
      expect(refused).toMatchObject({
        code: 'LOCK_HELD',
        category: 'lock_held',
        lock: first.name,
        owner: 'ci-run-1',
        since: first.since,
        expiresAt: first.expiresAt,
      });
    });

    it('judges expiry by the engine’s clock, not by this machine’s', async () => {
      // This machine's clock two hours ahead: the lock still counts as held.
      const now = Date.now();
      const spy = vi.spyOn(Date, 'now').mockReturnValue(now + 2 * 3600_000);
      try {
        expect(
          await rejectionOf(acquireStackLock({ remote, stack, owner: 'ci-run-skewed' })),
        ).toMatchObject({ code: 'LOCK_HELD', owner: 'ci-run-1' });
      } finally {
        spy.mockRestore();
      }
    });

    it('is a separate lock per purpose', async () => {
      const migrate = await acquireStackLock({ remote, stack, purpose: 'migrate', owner: 'm' });
      held.push(migrate);
      expect(migrate.name).toBe(`swarmlift-lock.${stack}.migrate`);
      expect(await readStackLock({ remote, stack, purpose: 'migrate' })).toMatchObject({
        owner: 'm',
        purpose: 'migrate',
        expired: false,
      });
      await migrate.release();
      expect(await readStackLock({ remote, stack, purpose: 'migrate' })).toBeUndefined();
    });

    it('is released once, idempotently, and then free for the next run', async () => {
      const events: StackLockEvent[] = [];
      await first.release();
      await first.release();
      expect(first.state).toBe('released');
      expect(await lockConfig(stack)).toBeUndefined();
      const next = await acquireStackLock({
        remote,
        stack,
        owner: 'ci-run-2',
        onEvent: (e) => events.push(e),
      });
      held.push(next);
      await next.release();
      expect(events.map((e) => e.type)).toEqual(['lock_acquired', 'lock_released']);
    });
  });

  describe('renewal while held', () => {
    const stack = newStack('lock-renew');

    it('renews itself: the config’s UpdatedAt moves on, and with it the expiry', async () => {
      const events: StackLockEvent[] = [];
      const lock = await acquireStackLock({
        remote,
        stack,
        owner: 'renewer',
        ttlMs: 3_000,
        renewEveryMs: 300,
        onEvent: (e) => events.push(e),
      });
      held.push(lock);
      const firstExpiry = lock.expiresAt;
      await vi.waitFor(
        () => expect(events.filter((e) => e.type === 'lock_renewed').length).toBeGreaterThan(1),
        { timeout: 5_000, interval: 100 },
      );
      expect(Date.parse(lock.expiresAt)).toBeGreaterThan(Date.parse(firstExpiry));
      const info = await readStackLock({ remote, stack });
      expect(info).toMatchObject({ owner: 'renewer', expired: false, since: lock.since });
      expect(Date.parse(info?.renewedAt ?? '')).toBeGreaterThan(Date.parse(lock.since));
      expect(info?.renewals).toBeGreaterThan(1);
      // Held past its first ttl because it renews.
      await new Promise((resolve) => setTimeout(resolve, 3_200));
      expect(lock.state).toBe('held');
      expect(await rejectionOf(acquireStackLock({ remote, stack, owner: 'other' }))).toMatchObject({
        code: 'LOCK_HELD',
        owner: 'renewer',
      });
      await lock.release();
      const renewalsAfterRelease = events.filter((e) => e.type === 'lock_renewed').length;
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(events.filter((e) => e.type === 'lock_renewed').length).toBe(renewalsAfterRelease);
      expect(await readStackLock({ remote, stack })).toBeUndefined();
    });

    it('reports a lock removed under it as lost: warning, state, lost promise and signal', async () => {
      const events: StackLockEvent[] = [];
      const lock = await acquireStackLock({
        remote,
        stack,
        owner: 'victim',
        ttlMs: 5_000,
        renewEveryMs: 200,
        onEvent: (e) => events.push(e),
      });
      held.push(lock);
      await docker.getConfig(lock.id).remove();
      const lost = await lock.lost;
      expect(LockLostError.isInstance(lost)).toBe(true);
      expect(lost).toMatchObject({ code: 'LOCK_LOST', lock: lock.name });
      expect(lock.state).toBe('lost');
      expect(lock.signal.aborted).toBe(true);
      expect(lock.signal.reason).toBe(lost);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'warning', code: 'LOCK_LOST', stack, lock: lock.name }),
      );
      await lock.release(); // harmless
    });
  });

  describe('renewals that fail', () => {
    const stack = newStack('lock-cut');

    it('warn LOCK_RENEWAL_FAILED while the ttl lasts, then lose the lock', async () => {
      const sshd = await startPrivateSshd(env);
      const cut = await connect(privateSshdOptions(env, sshd));
      try {
        const events: StackLockEvent[] = [];
        const lock = await acquireStackLock({
          remote: cut,
          stack,
          owner: 'cut-off',
          ttlMs: 1_500,
          renewEveryMs: 250,
          onEvent: (e) => events.push(e),
        });
        await vi.waitFor(() => expect(events.map((e) => e.type)).toContain('lock_renewed'), {
          timeout: 3_000,
          interval: 50,
        });
        await sshd.killSessions(); // the engine can no longer be reached: renewals fail
        const lost = await lock.lost;
        expect(lost).toMatchObject({ code: 'LOCK_LOST', message: expect.stringMatching(/ttl/) });
        expect(lock.state).toBe('lost');
        const codes = events.flatMap((e) => (e.type === 'warning' ? [e.code] : []));
        expect(codes).toContain('LOCK_RENEWAL_FAILED');
        expect(codes.at(-1)).toBe('LOCK_LOST');
        // The engine judges it expired too: the next run takes it over.
        const next = await acquireStackLock({ remote, stack, owner: 'next-run' });
        held.push(next);
        await next.release();
      } finally {
        await cut.close();
        await sshd.stop();
      }
    });
  });

  describe('a holder that died', () => {
    const stack = newStack('lock-stale');
    let stale: StackLock;
    let taken: StackLock;

    it('is taken over once its ttl passed on the engine’s clock, with a warning naming it', async () => {
      stale = await acquireStackLock({
        remote,
        stack,
        owner: 'crashed-run',
        ttlMs: 1_000,
        renewEveryMs: false,
      });
      held.push(stale);
      expect(
        await rejectionOf(acquireStackLock({ remote, stack, owner: 'too-early' })),
      ).toMatchObject({ code: 'LOCK_HELD', owner: 'crashed-run' });
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      // Without renewal the holder counts it as lost once its ttl passed.
      expect(stale.state).toBe('lost');
      expect((await stale.lost).message).toMatch(/renewal is off/);
      expect(await readStackLock({ remote, stack })).toMatchObject({
        owner: 'crashed-run',
        expired: true,
      });
      const events: StackLockEvent[] = [];
      taken = await acquireStackLock({
        remote,
        stack,
        owner: 'ci-run-3',
        onEvent: (e) => events.push(e),
      });
      held.push(taken);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'warning',
          code: 'LOCK_TAKEN_OVER',
          previousOwner: 'crashed-run',
          message: expect.stringContaining('crashed-run'),
        }),
        expect.objectContaining({
          type: 'lock_acquired',
          owner: 'ci-run-3',
          tookOverExpired: true,
        }),
      ]);
    });

    it('the stale holder’s release leaves the new lock alone', async () => {
      await stale.release();
      expect(
        await rejectionOf(acquireStackLock({ remote, stack, owner: 'ci-run-4' })),
      ).toMatchObject({ code: 'LOCK_HELD', owner: 'ci-run-3' });
      await taken.release();
    });
  });

  describe('options and cancellation', () => {
    it('checks the stack name, purpose, ttl and renewal before touching anything', async () => {
      const bad = [
        [{ stack: '-bad' }, 'stack'],
        [{ stack: 'ok', purpose: 'a/b' }, 'purpose'],
        [{ stack: 'ok', ttlMs: 0 }, 'ttlMs'],
        [{ stack: 'ok', ttlMs: 1_000, renewEveryMs: 1_000 }, 'renewEveryMs'],
        [{ stack: 'ok', owner: '' }, 'owner'],
      ] as const;
      for (const [options, field] of bad) {
        expect(await rejectionOf(acquireStackLock({ remote, ...options }))).toMatchObject({
          code: 'OPTIONS_INVALID',
          field,
        });
      }
      expect(await rejectionOf(readStackLock({ remote, stack: 'a b' }))).toMatchObject({
        code: 'OPTIONS_INVALID',
        field: 'stack',
      });
    });

    it('takes nothing when cancelled first', async () => {
      const stack = newStack('lock-cancel');
      const controller = new AbortController();
      controller.abort();
      const error = await rejectionOf(
        acquireStackLock({ remote, stack, signal: controller.signal }),
      );
      expect(CancelledError.isInstance(error)).toBe(true);
      expect(await lockConfig(stack)).toBeUndefined();
    });

    it('leaves no lock behind when cancelled or timed out half-way', async () => {
      const stack = newStack('lock-abort');
      for (const delayMs of [1, 2, 4, 8, 12, 16, 24, 32]) {
        const controller = new AbortController();
        const attempt = acquireStackLock({ remote, stack, signal: controller.signal });
        setTimeout(() => controller.abort(), delayMs);
        const outcome = await attempt.then(
          (lock) => ({ lock, error: undefined }),
          (error: unknown) => ({ lock: undefined, error }),
        );
        if (outcome.lock) await outcome.lock.release();
        else expect(outcome.error).toMatchObject({ code: 'CANCELLED' });
        expect(await lockConfig(stack)).toBeUndefined();
      }
      const timedOut = await rejectionOf(acquireStackLock({ remote, stack, timeoutMs: 5 }));
      expect(timedOut).toMatchObject({ code: 'TIMED_OUT' });
      expect(await lockConfig(stack)).toBeUndefined();
    });
  });
  describe('breakStackLock', () => {
    it('removes a lock whoever holds it, the holder finds it lost, and a new run takes it at once', async () => {
      const stack = newStack('break');
      const lock = await acquireStackLock({
        remote,
        stack,
        owner: 'gone-runner',
        renewEveryMs: 200,
      });
      held.push(lock);
      const removed = await breakStackLock({ remote, stack });
      expect(removed).toMatchObject({ owner: 'gone-runner', stack, purpose: 'deploy' });
      expect(await readStackLock({ remote, stack })).toBeUndefined();
      await vi.waitFor(() => expect(lock.state).toBe('lost'), { timeout: 5_000, interval: 100 });
      const next = await acquireStackLock({ remote, stack, owner: 'next-runner' });
      held.push(next);
      expect(next.owner).toBe('next-runner');
    });

    it('says undefined when nobody holds the lock', async () => {
      expect(await breakStackLock({ remote, stack: newStack('free') })).toBeUndefined();
    });
  });

  describe('manual locks (a person holds them until released)', () => {
    it('stop every run with LOCK_HELD, kind manual and the message, and never expire', async () => {
      const stack = newStack('manual');
      const info = await placeManualStackLock({
        remote,
        stack,
        owner: 'ana@laptop',
        message: 'db maintenance until 14:00',
      });
      expect(info).toMatchObject({
        kind: 'manual',
        message: 'db maintenance until 14:00',
        owner: 'ana@laptop',
        expiresAt: 'never',
        expired: false,
      });
      const refused = await rejectionOf(acquireStackLock({ remote, stack, owner: 'ci-run-9' }));
      expect(LockHeldError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({
        code: 'LOCK_HELD',
        kind: 'manual',
        owner: 'ana@laptop',
        lockMessage: 'db maintenance until 14:00',
      });
      expect(refused.message).toContain('db maintenance until 14:00');
      // A second manual lock is refused too, naming the first holder.
      expect(
        await rejectionOf(placeManualStackLock({ remote, stack, owner: 'bob', message: 'x' })),
      ).toMatchObject({ code: 'LOCK_HELD', owner: 'ana@laptop' });
      // Its config says "never renewed" as a run's would, yet it is not judged expired.
      const config = await lockConfig(stack);
      expect(config?.Spec?.Labels?.[`${LOCK_LABEL}.kind`]).toBe('manual');
      expect(await readStackLock({ remote, stack })).toMatchObject({ kind: 'manual' });

      expect(await releaseManualStackLock({ remote, stack })).toMatchObject({
        kind: 'manual',
        owner: 'ana@laptop',
      });
      expect(await readStackLock({ remote, stack })).toBeUndefined();
      expect(await releaseManualStackLock({ remote, stack })).toBeUndefined();
      const next = await acquireStackLock({ remote, stack, owner: 'ci-run-10' });
      held.push(next);
      expect(next.owner).toBe('ci-run-10');
    });

    it('are refused while a run holds the lock, and releasing never removes a run’s lock', async () => {
      const stack = newStack('manual-run');
      const run = await acquireStackLock({ remote, stack, owner: 'ci-run-11', ttlMs: 60_000 });
      held.push(run);
      expect(
        await rejectionOf(placeManualStackLock({ remote, stack, owner: 'ana', message: 'm' })),
      ).toMatchObject({ code: 'LOCK_HELD', kind: 'deploy', owner: 'ci-run-11' });
      expect(await rejectionOf(releaseManualStackLock({ remote, stack }))).toMatchObject({
        code: 'LOCK_NOT_MANUAL',
        owner: 'ci-run-11',
        expired: false,
      });
      expect(run.state).toBe('held');
      expect(await readStackLock({ remote, stack })).toMatchObject({ owner: 'ci-run-11' });
    });

    it('take over an expired run’s lock with a warning naming its holder', async () => {
      const stack = newStack('manual-stale');
      const stale = await acquireStackLock({
        remote,
        stack,
        owner: 'killed-run',
        ttlMs: 500,
        renewEveryMs: false,
      });
      held.push(stale);
      await new Promise((resolve) => setTimeout(resolve, 800));
      const events: StackLockEvent[] = [];
      const info = await placeManualStackLock({
        remote,
        stack,
        owner: 'ana',
        message: 'maintenance',
        onEvent: (event) => events.push(event),
      });
      expect(info.kind).toBe('manual');
      expect(events[0]).toMatchObject({ code: 'LOCK_TAKEN_OVER', previousOwner: 'killed-run' });
      expect(events[1]).toMatchObject({ type: 'lock_acquired', tookOverExpired: true });
    });

    it('need a message', async () => {
      expect(
        await rejectionOf(
          placeManualStackLock({ remote, stack: newStack('manual-msg'), owner: 'a', message: ' ' }),
        ),
      ).toMatchObject({ code: 'OPTIONS_INVALID', field: 'message' });
    });
  });
});
