// TEMPORARY stand-in for @swarmlift/core's cancellation helpers until core is ready; replaced by imports from core.

export class CancelledError extends Error {
  readonly code = 'CANCELLED' as const;
  readonly hint = 'The operation was cancelled.';
  constructor(options: { message?: string; cause?: unknown } = {}) {
    super(options.message ?? 'cancelled', { cause: options.cause });
    this.name = 'CancelledError';
  }
}

export class TimedOutError extends Error {
  readonly code = 'TIMED_OUT' as const;
  readonly hint = 'Raise timeoutMs.';
  constructor(options: { message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'TimedOutError';
  }
}

export function abortReasonError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof CancelledError || reason instanceof TimedOutError) return reason;
  return new CancelledError({ cause: reason });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReasonError(signal);
}

export function withDeadline(options: {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  what: string;
}): { signal: AbortSignal | undefined; dispose: () => void } {
  if (options.timeoutMs === undefined) return { signal: options.signal, dispose: () => {} };
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new TimedOutError({ message: `${options.what} took longer than ${options.timeoutMs} ms` }),
      ),
    options.timeoutMs,
  );
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}
