import { Socket } from 'node:net';

/**
 * The TCP socket under the SSH connection. ssh2 writes each SSH packet with its
 * own `write()`; with many channels busy that is one syscall per packet. This
 * socket corks on the first write of a tick and uncorks on the next, so every
 * packet produced in the same tick leaves in one `writev` — batching like
 * Nagle's algorithm, without its delay (TCP_NODELAY stays on).
 */
export class BatchingSocket extends Socket {
  private corkedThisTick = false;

  override write(
    chunk: Uint8Array | string,
    encodingOrCallback?: BufferEncoding | ((error?: Error | null) => void),
    callback?: (error?: Error | null) => void,
  ): boolean {
    if (!this.corkedThisTick && !this.connecting) {
      this.corkedThisTick = true;
      this.cork();
      process.nextTick(() => {
        this.corkedThisTick = false;
        this.uncork();
      });
    }
    return super.write(chunk, encodingOrCallback as BufferEncoding, callback);
  }
}
