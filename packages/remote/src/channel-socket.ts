import { Duplex } from 'node:stream';
import type { ClientChannel } from 'ssh2';

export interface OpenedChannel {
  channel: ClientChannel;
  /** Turns the exit status of a command channel (dial-stdio) into the error requests should see. */
  exitError?: (exit: { code: number | null; signal: string | undefined }) => Error | undefined;
}

/**
 * An SSH channel dressed as the `net.Socket` that Node's HTTP client and
 * agent expect (setTimeout, setNoDelay, setKeepAlive, ref, unref).
 *
 * It exists before its channel is open: Node's agent counts only sockets it
 * already holds, so an agent whose `createConnection` answered later would
 * open a channel for every queued request and ignore `maxSockets`. Writes
 * wait for the channel instead.
 *
 * For a command channel (dial-stdio) the end of the stream is held back until
 * the channel has closed, so that a failed `docker system dial-stdio` surfaces
 * as its exit status and stderr rather than an anonymous "socket hang up".
 */
export class ChannelSocket extends Duplex {
  timeout = 0;
  private channel: ClientChannel | undefined;
  private readonly ready: Promise<ClientChannel>;
  private idleTimer: NodeJS.Timeout | undefined;
  private exit: { code: number | null; signal: string | undefined } | undefined;

  constructor(opening: Promise<OpenedChannel>) {
    super({ allowHalfOpen: false });
    // The HTTP client listens while it uses the socket; this keeps an error on an
    // idle socket (e.g. the session closing) from becoming an uncaught exception.
    this.on('error', () => {});
    this.ready = opening.then(
      (opened) => this.attach(opened),
      (error: Error) => {
        this.destroy(error);
        throw error;
      },
    );
    this.ready.catch(() => {});
  }

  private attach({ channel, exitError }: OpenedChannel): ClientChannel {
    if (this.destroyed) {
      channel.close();
      return channel;
    }
    this.channel = channel;
    channel.on('data', (chunk: Buffer) => {
      this.touch();
      if (!this.push(chunk)) channel.pause();
    });
    channel.on('exit', (code: number | null, signal?: string) => {
      this.exit = { code, signal: signal ?? undefined };
    });
    // A socket forward has no exit status to wait for: end the stream at the
    // server's EOF. sshd closes such a channel only after our EOF too, so
    // waiting for 'close' would hang a response that ends with its connection
    // (e.g. a container attach) until something else closed the channel.
    if (!exitError) channel.on('end', () => this.push(null));
    channel.on('error', (error: Error) => this.destroy(error));
    channel.on('close', (code?: number | null, signal?: string) => {
      // ssh2 repeats the exit status here; 'exit' may have fired before this wrapper listened.
      if (!this.exit && (code !== undefined || signal !== undefined)) {
        this.exit = { code: code ?? null, signal };
      }
      const error = this.exit ? exitError?.(this.exit) : undefined;
      if (error) this.destroy(error);
      else if (!this.destroyed) this.push(null);
    });
    return channel;
  }

  override _read(): void {
    this.channel?.resume();
  }

  override _write(
    chunk: Buffer,
    encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.touch();
    if (this.channel) this.channel.write(chunk, encoding, callback);
    else this.ready.then((channel) => channel.write(chunk, encoding, callback), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.ready.then((channel) => {
      channel.end();
      callback();
    }, callback);
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    this.channel?.close();
    callback(error);
  }

  /** Idle timeout like `net.Socket#setTimeout`: emits `timeout`, closes nothing by itself. */
  setTimeout(ms: number, callback?: () => void): this {
    this.timeout = ms;
    if (callback) this.once('timeout', callback);
    this.touch();
    return this;
  }

  setNoDelay(_noDelay?: boolean): this {
    return this;
  }

  setKeepAlive(_enable?: boolean, _delay?: number): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.timeout > 0 && !this.destroyed) {
      this.idleTimer = setTimeout(() => this.emit('timeout'), this.timeout);
      this.idleTimer.unref();
    }
  }
}
