import { Duplex } from 'node:stream';
import type { ClientChannel } from 'ssh2';

/**
 * An SSH channel dressed as the `net.Socket` that Node's HTTP client and
 * agent expect (setTimeout, setNoDelay, setKeepAlive, ref, unref).
 *
 * End of stream is held back until the channel has closed: when the channel
 * carries `docker system dial-stdio` and that command fails, `exitError`
 * turns its exit status and stderr into the error the HTTP request sees,
 * instead of an anonymous "socket hang up".
 */
export class ChannelSocket extends Duplex {
  readonly channel: ClientChannel;
  timeout = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private exit: { code: number | null; signal: string | undefined } | undefined;
  private sawEnd = false;

  constructor(
    channel: ClientChannel,
    private readonly exitError?: (exit: {
      code: number | null;
      signal: string | undefined;
    }) => Error | undefined,
  ) {
    super({ allowHalfOpen: false });
    this.channel = channel;
    // The HTTP client listens while it uses the socket; this keeps an error on an
    // idle socket (e.g. the session closing) from becoming an uncaught exception.
    this.on('error', () => {});
    channel.on('data', (chunk: Buffer) => {
      this.touch();
      if (!this.push(chunk)) channel.pause();
    });
    channel.on('exit', (code: number | null, signal?: string) => {
      this.exit = { code, signal: signal ?? undefined };
    });
    channel.on('end', () => {
      this.sawEnd = true;
    });
    channel.on('error', (error: Error) => this.destroy(error));
    channel.on('close', (code?: number | null, signal?: string) => {
      // ssh2 repeats the exit status here; 'exit' may have fired before this wrapper existed.
      if (!this.exit && (code !== undefined || signal !== undefined))
        this.exit = { code: code ?? null, signal };
      const error = this.exit ? this.exitError?.(this.exit) : undefined;
      if (error) this.destroy(error);
      else if (!this.destroyed) {
        if (!this.sawEnd) this.sawEnd = true;
        this.push(null);
      }
    });
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(
    chunk: Buffer,
    encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.touch();
    this.channel.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.channel.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    this.channel.destroy();
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
