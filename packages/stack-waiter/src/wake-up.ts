/** setTimeout's limit; a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * What the wait loop sleeps on between two reads: woken at once (an engine
 * event arrived), at a time set in advance (a follow-up read, the end of a
 * monitor period), or at the latest time the loop gives — whichever comes
 * first. A wake-up that comes while the loop is reading is kept, so the loop
 * reads again at once: nothing is lost and nothing spins.
 */
export class WakeUp {
  #pending = false;
  #times: number[] = [];
  #changed: (() => void) | undefined;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Wake the loop now (or as soon as it waits). */
  now(): void {
    this.#pending = true;
    this.#changed?.();
  }

  /** Wake the loop at `time` (epoch ms, same clock). */
  at(time: number): void {
    if (this.#times.includes(time)) return;
    this.#times.push(time);
    this.#changed?.();
  }

  /** The earliest time set, if any. */
  get next(): number | undefined {
    return this.#times.length ? Math.min(...this.#times) : undefined;
  }

  /**
   * Resolves when woken, when a time set comes, or at `latest`; at once when
   * `signal` has aborted or aborts meanwhile (the caller checks it). Times
   * that have come are used up.
   */
  async until(latest: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock();
      if (this.#pending || signal?.aborted) {
        this.#pending = false;
        this.#dropPast(now);
        return;
      }
      const next = Math.min(latest, this.next ?? Number.POSITIVE_INFINITY);
      if (next <= now) {
        this.#dropPast(now);
        return;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          this.#changed = undefined;
          resolve();
        };
        const timer = setTimeout(done, Math.min(next - now, MAX_TIMER_MS));
        signal?.addEventListener('abort', done, { once: true });
        this.#changed = done;
      });
    }
  }

  #dropPast(now: number): void {
    this.#times = this.#times.filter((time) => time > now);
  }
}
