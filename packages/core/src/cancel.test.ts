import { describe, expect, it } from 'vitest';
import { abortReasonError, raceAbort, sleep, throwIfAborted, withDeadline } from './cancel.js';
import { CancelledError, TimedOutError } from './errors.js';

describe('cancellation', () => {
  it('throwIfAborted throws a CancelledError keeping the reason as cause', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal)).not.toThrow();
    expect(() => throwIfAborted(undefined)).not.toThrow();
    controller.abort(new Error('user pressed ctrl-c'));
    const error = (() => {
      try {
        throwIfAborted(controller.signal);
      } catch (caught) {
        return caught;
      }
    })();
    expect(CancelledError.isInstance(error)).toBe(true);
    expect((error as CancelledError).cause).toEqual(new Error('user pressed ctrl-c'));
  });

  it('withDeadline aborts with a TimedOutError naming what timed out', async () => {
    const deadline = withDeadline({ timeoutMs: 20, what: 'the registry probe' });
    await expect(sleep(5_000, deadline.signal)).rejects.toSatisfy(
      (error) =>
        TimedOutError.isInstance(error) &&
        /the registry probe did not finish within 20 ms/.test(error.message),
    );
    deadline.dispose();
  });

  it("withDeadline passes the caller's cancellation through, and dispose stops the timer", async () => {
    const controller = new AbortController();
    const deadline = withDeadline({ signal: controller.signal, timeoutMs: 60_000, what: 'x' });
    setTimeout(() => controller.abort(), 5);
    await expect(sleep(5_000, deadline.signal)).rejects.toSatisfy((error) =>
      CancelledError.isInstance(error),
    );
    deadline.dispose();
    const quiet = withDeadline({ timeoutMs: 10, what: 'y' });
    quiet.dispose();
    await sleep(30);
    expect(quiet.signal?.aborted).toBe(false);
  });

  it('withDeadline without a timeout is the caller signal itself', () => {
    const controller = new AbortController();
    expect(withDeadline({ signal: controller.signal, what: 'x' }).signal).toBe(controller.signal);
  });

  it('raceAbort rejects at once on abort and settles normally otherwise', async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => {});
    const raced = raceAbort(never, controller.signal);
    controller.abort();
    await expect(raced).rejects.toSatisfy((error) => CancelledError.isInstance(error));
    await expect(raceAbort(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
  });

  it('abortReasonError keeps a swarmlift error reason as it is', () => {
    const controller = new AbortController();
    const reason = new TimedOutError({ what: 'z', timeoutMs: 1 });
    controller.abort(reason);
    expect(abortReasonError(controller.signal)).toBe(reason);
  });
});
