import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WakeUp } from './wake-up.js';

describe('WakeUp', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const settled = (promise: Promise<void>) => {
    let done = false;
    void promise.then(() => {
      done = true;
    });
    return () => done;
  };

  it('sleeps until the latest time when nothing wakes it', async () => {
    const wake = new WakeUp();
    const done = settled(wake.until(Date.now() + 5000));
    await vi.advanceTimersByTimeAsync(4999);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('wakes at once on now(), also when now() came before the wait (an event during a read)', async () => {
    const wake = new WakeUp();
    wake.now();
    const early = settled(wake.until(Date.now() + 5000));
    await vi.advanceTimersByTimeAsync(0);
    expect(early()).toBe(true);
    const later = settled(wake.until(Date.now() + 5000));
    await vi.advanceTimersByTimeAsync(10);
    expect(later()).toBe(false);
    wake.now();
    await vi.advanceTimersByTimeAsync(0);
    expect(later()).toBe(true);
  });

  it('wakes at a time set before or during the wait, and uses each time once', async () => {
    const wake = new WakeUp();
    wake.at(Date.now() + 400);
    const first = settled(wake.until(Date.now() + 5000));
    await vi.advanceTimersByTimeAsync(100);
    wake.at(Date.now() + 100); // earlier than the one set before
    await vi.advanceTimersByTimeAsync(100);
    expect(first()).toBe(true);
    expect(wake.next).toBe(1_000_400);
    const second = settled(wake.until(Date.now() + 5000));
    await vi.advanceTimersByTimeAsync(200);
    expect(second()).toBe(true);
    expect(wake.next).toBeUndefined();
  });

  it('returns when the signal aborts, and at once when it already has', async () => {
    const wake = new WakeUp();
    const controller = new AbortController();
    const done = settled(wake.until(Date.now() + 60_000, controller.signal));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(done()).toBe(true);
    const again = settled(wake.until(Date.now() + 60_000, controller.signal));
    await vi.advanceTimersByTimeAsync(0);
    expect(again()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('WakeUp with a far deadline', () => {
  it('does not spin when the latest time is beyond what one timer can wait', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const wake = new WakeUp();
      let done = false;
      void wake.until(2 ** 33).then(() => {
        done = true;
      });
      await vi.advanceTimersByTimeAsync(1000);
      expect(done).toBe(false);
      expect(vi.getTimerCount()).toBe(1);
      wake.now();
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
