import { CancelledError, SwarmliftError, TimedOutError } from './errors.js';

/** The error an aborted `signal` stands for: its reason when that is a swarmlift error, else a CancelledError. */
export function abortReasonError(signal: AbortSignal): SwarmliftError {
  const reason: unknown = signal.reason;
  if (SwarmliftError.isInstance(reason)) return reason;
  return new CancelledError({ cause: reason });
}

/** Throws the error `signal` stands for when it has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReasonError(signal);
}

export interface Deadline {
  /** Aborts when the caller's signal does or `timeoutMs` passes; undefined when neither is set. */
  readonly signal: AbortSignal | undefined;
  /** Stops the timer; call it when the work is done. */
  dispose(): void;
}

/**
 * One signal for "the caller cancelled" and "the time is up". Its abort
 * reason is the caller's (see `abortReasonError`) or a `TimedOutError` naming
 * `what`, so the code that waits needs only one signal and one error path.
 */
export function withDeadline(options: {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  what: string;
}): Deadline {
  const { signal, timeoutMs } = options;
  if (timeoutMs === undefined) return { signal, dispose: () => {} };
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () => controller.abort(new TimedOutError({ what: options.what, timeoutMs })),
    timeoutMs,
  );
  timer.unref?.();
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Resolves after `ms`, or rejects with the signal's error as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReasonError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReasonError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles like `promise`, or rejects with the signal's error as soon as it aborts (the work itself goes on). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReasonError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReasonError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
