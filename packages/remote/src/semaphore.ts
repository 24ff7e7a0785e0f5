import { abortReasonError } from '@swarmlift/core';

/** A counting semaphore: at most `capacity` holders at once, the rest wait in order. */
export class Semaphore {
  private available: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly capacity: number) {
    this.available = capacity;
  }

  /**
   * Waits for a slot and resolves with its release function. An abort of
   * `signal` while waiting leaves the queue and rejects with the signal's
   * error (core's CancelledError, or its swarmlift reason).
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw abortReasonError(signal);
    if (this.available > 0) {
      this.available--;
    } else {
      await new Promise<void>((resolve, reject) => {
        const admit = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const at = this.waiting.indexOf(admit);
          if (at !== -1) this.waiting.splice(at, 1);
          reject(abortReasonError(signal as AbortSignal));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(admit);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.available++;
    };
  }
}
