import type Dockerode from 'dockerode';

/** One message of the engine's `/events` stream (the fields read here). */
export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

export interface EngineEventStream {
  close(): void;
}

/**
 * Follows `GET /events` for service and container events and hands each
 * parsed message to `onEvent`. `onEnd` is called once when the stream ends or
 * fails (not after `close()`).
 */
export async function followEngineEvents(options: {
  docker: Dockerode;
  onEvent: (event: EngineEvent) => void;
  onEnd: (error: Error | undefined) => void;
  signal?: AbortSignal | undefined;
}): Promise<EngineEventStream> {
  const stream = (await options.docker.getEvents({
    filters: { type: ['service', 'container'] },
    ...(options.signal ? { abortSignal: options.signal } : {}),
  })) as NodeJS.ReadableStream & { destroy(): void };
  let closed = false;
  let buffer = '';
  const end = (error: Error | undefined) => {
    if (closed) return;
    closed = true;
    options.onEnd(error);
  };
  stream.on('data', (chunk: Buffer | string) => {
    buffer += chunk.toString();
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
      if (!line) continue;
      let event: EngineEvent;
      try {
        event = JSON.parse(line) as EngineEvent;
      } catch {
        continue; // a torn line cannot be judged; the periodic reconcile covers it
      }
      options.onEvent(event);
    }
  });
  stream.on('error', (error: Error) => end(error));
  stream.on('end', () => end(undefined));
  stream.on('close', () => end(undefined));
  return {
    close() {
      if (closed) return;
      closed = true;
      stream.destroy();
    },
  };
}

/**
 * Whether an event can change the verdict on one of `serviceIds`: any event
 * of the service, and container events of its tasks except healthcheck execs
 * (which fire every interval and change nothing; `health_status` does).
 */
export function isRelevantEvent(event: EngineEvent, serviceIds: ReadonlySet<string>): boolean {
  if (event.Type === 'service') return serviceIds.has(event.Actor?.ID ?? '');
  if (event.Type !== 'container') return false;
  if (event.Action?.startsWith('exec_')) return false;
  return serviceIds.has(event.Actor?.Attributes?.['com.docker.swarm.service.id'] ?? '');
}

/**
 * The engine's event stream for the length of a wait: opened once before the
 * first read, reopened on request after it was lost, closed at the end.
 */
export class EngineEventFeed {
  #stream: EngineEventStream | undefined;
  #reopening = false;
  #closed = false;

  constructor(
    private readonly options: {
      docker: Dockerode;
      onEvent: (event: EngineEvent) => void;
      /** The stream broke or the engine ended it (not called after `close()`). */
      onLost: (error: Error | undefined) => void;
      /** Ends an open that hangs, and the stream with it. */
      signal?: AbortSignal | undefined;
    },
  ) {}

  /** Opens the stream; rejects with the engine's error. */
  async open(): Promise<void> {
    this.#stream = await this.#follow();
  }

  /** True when the stream was lost and not reopened yet. */
  get lost(): boolean {
    return !this.#closed && !this.#stream && !this.#reopening;
  }

  /** Tries once to reopen a lost stream, in the background; a failure leaves it lost. */
  reopen(): void {
    if (!this.lost) return;
    this.#reopening = true;
    this.#follow().then(
      (stream) => {
        this.#reopening = false;
        if (this.#closed) stream.close();
        else this.#stream = stream;
      },
      () => {
        this.#reopening = false;
      },
    );
  }

  close(): void {
    this.#closed = true;
    this.#stream?.close();
    this.#stream = undefined;
  }

  #follow(): Promise<EngineEventStream> {
    return followEngineEvents({
      docker: this.options.docker,
      signal: this.options.signal,
      onEvent: (event) => {
        if (!this.#closed) this.options.onEvent(event);
      },
      onEnd: (error) => {
        if (this.#closed) return;
        this.#stream = undefined;
        this.options.onLost(error);
      },
    });
  }
}
