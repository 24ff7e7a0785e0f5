import { abortReasonError } from '@swarmlift/core';
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { RemoteError } from './errors.js';
import {
  type OpenSshClientOptions,
  openSshClient,
  type VerifiedHostKey,
} from './open-ssh-client.js';
import { Semaphore } from './semaphore.js';

export type SessionState = 'open' | 'lost' | 'closed';

/**
 * The one SSH connection a Remote uses, and every channel opened on it.
 * Tracks channels so `close()` and a lost connection end all of them with a
 * typed error; limits session channels (exec, dial-stdio, sftp) to stay below
 * sshd's MaxSessions; reconnects once when asked to.
 */
export class SshSession {
  state: SessionState = 'open';
  private client: Client;
  private readonly channels = new Set<{ destroy(error?: Error): void }>();
  private readonly sessionSlots: Semaphore;
  private reconnectsLeft: number;
  private reconnecting: Promise<void> | undefined;
  private lostError: RemoteError | undefined;
  private sftpWrapper: Promise<SFTPWrapper> | undefined;

  private constructor(
    client: Client,
    readonly hostKey: VerifiedHostKey,
    private readonly options: SshSessionOptions,
  ) {
    this.client = client;
    this.sessionSlots = new Semaphore(options.maxSessions);
    this.reconnectsLeft = options.reconnect ? 1 : 0;
    this.watch(client);
  }

  /** Opens the connection; an abort of `signal` (connect's, not later reconnects') closes it again. */
  static async open(options: SshSessionOptions, signal?: AbortSignal): Promise<SshSession> {
    const { client, hostKey } = await openSshClient(options, signal);
    // Constructed first: its listeners must be on the client before any further round trip.
    const session = new SshSession(client, hostKey, options);
    await turnOnServerNoDelay(client, signal);
    if (signal?.aborted) {
      await session.close();
      throw abortReasonError(signal);
    }
    return session;
  }

  get where(): string {
    const { user, host, port } = this.options.endpoint;
    return `${user}@${host}:${port}`;
  }

  /** Whether a lost connection may still be replaced (the optional single reconnect). */
  get canReconnect(): boolean {
    return this.reconnectsLeft > 0 || this.reconnecting !== undefined;
  }

  /** Runs `command` (a shell command line) in a new session channel; `signal` stops the wait for a slot. */
  async exec(command: string, signal?: AbortSignal): Promise<ClientChannel> {
    const release = await this.sessionSlots.acquire(signal);
    try {
      const channel = await this.openChannel<ClientChannel>((client, cb) =>
        client.exec(command, cb),
      );
      channel.once('close', release);
      return channel;
    } catch (error) {
      release();
      throw error;
    }
  }

  /** A `direct-streamlocal@openssh.com` channel to a unix socket on the server. */
  forwardToSocket(socketPath: string): Promise<ClientChannel> {
    return this.openChannel<ClientChannel>((client, cb) =>
      client.openssh_forwardOutStreamLocal(socketPath, cb),
    );
  }

  /** The session's SFTP subsystem, opened once and shared. */
  sftp(): Promise<SFTPWrapper> {
    this.sftpWrapper ??= (async () => {
      const release = await this.sessionSlots.acquire();
      try {
        const sftp = await this.openChannel<SFTPWrapper>((client, cb) => client.sftp(cb));
        this.track({
          destroy: () => sftp.end(),
          once: (event, listener) => sftp.once(event, listener),
        });
        sftp.once('close', () => {
          release();
          this.sftpWrapper = undefined;
        });
        return sftp;
      } catch (error) {
        release();
        this.sftpWrapper = undefined;
        throw error;
      }
    })();
    return this.sftpWrapper;
  }

  /**
   * Registers the user of a channel: `destroy(error)` is called with a typed
   * error when the session closes or the connection is lost. (ssh2's own
   * `Channel#destroy` ignores its error argument, so the user's wrapper gets it.)
   */
  track<
    T extends { destroy(error?: Error): void; once(event: 'close', listener: () => void): unknown },
  >(stream: T): T {
    if (this.state === 'closed' || (this.state === 'lost' && !this.canReconnect)) {
      // The session ended while this channel was being set up. Destroyed a moment later,
      // so that an HTTP request handed this socket has attached its listeners first.
      const error = this.lostOrClosed();
      queueMicrotask(() => stream.destroy(error));
      return stream;
    }
    this.channels.add(stream);
    stream.once('close', () => this.channels.delete(stream));
    return stream;
  }

  /** Ends every channel and the connection; resolves once the socket is closed. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const closed = new RemoteError({
      code: 'SSH_CLOSED',
      message: `The SSH session to ${this.where} was closed by this program.`,
      hint: 'Open a new session with connect() for further calls.',
    });
    for (const channel of [...this.channels]) channel.destroy(closed);
    this.channels.clear();
    await new Promise<void>((resolve) => {
      const client = this.client as Client & { _sock?: { destroyed?: boolean } };
      if (!client._sock || client._sock.destroyed) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        client.destroy();
        resolve();
      }, 2000);
      client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      client.end();
    });
  }

  private async openChannel<T>(
    open: (client: Client, callback: (error: Error | undefined, channel: T) => void) => void,
  ): Promise<T> {
    await this.ensureOpen();
    const channel = await new Promise<T>((resolve, reject) => {
      try {
        open(this.client, (error, channel) => {
          if (error) reject(this.channelError(error));
          else resolve(channel);
        });
      } catch (error) {
        reject(this.channelError(error as Error));
      }
    });
    if (this.state !== 'open') {
      (channel as { close(): void }).close();
      throw this.lostOrClosed();
    }
    return channel;
  }

  private async ensureOpen(): Promise<void> {
    if (this.state === 'open') return;
    if (this.state === 'closed') throw this.lostOrClosed();
    if (this.reconnecting) return this.reconnecting;
    if (this.reconnectsLeft <= 0) throw this.lostOrClosed();
    this.reconnectsLeft--;
    this.reconnecting = (async () => {
      try {
        const { client } = await openSshClient(this.options);
        this.client = client;
        this.state = 'open';
        this.lostError = undefined;
        this.watch(client);
        await turnOnServerNoDelay(client);
        this.options.onReconnected?.();
      } finally {
        this.reconnecting = undefined;
      }
    })();
    return this.reconnecting;
  }

  private watch(client: Client): void {
    const onLost = (reason: string) => {
      if (client !== this.client || this.state !== 'open') return;
      this.state = 'lost';
      this.sftpWrapper = undefined;
      this.lostError = new RemoteError({
        code: 'SSH_CONNECTION_LOST',
        message: `The SSH connection to ${this.where} was lost (${reason}).`,
        hint: 'Check the network and the server (sshd restarted? out of memory?); the call may or may not have taken effect on the server.',
      });
      for (const channel of [...this.channels]) channel.destroy(this.lostError);
      this.channels.clear();
      this.options.onLost?.(this.lostError);
    };
    client.on('error', (error: Error) => onLost(error.message));
    client.on('end', () => onLost('the server ended it'));
    client.on('close', () => onLost('the socket closed'));
  }

  /** The error for calls on a session that is no longer open. */
  lostOrClosed(): RemoteError {
    if (this.state === 'closed') {
      return new RemoteError({
        code: 'SSH_CLOSED',
        message: `The SSH session to ${this.where} is closed.`,
        hint: 'Open a new session with connect() for further calls.',
      });
    }
    return (
      this.lostError ??
      new RemoteError({
        code: 'SSH_CONNECTION_LOST',
        message: `The SSH connection to ${this.where} was lost.`,
        hint: 'Check the network and the server.',
      })
    );
  }

  private channelError(error: Error): RemoteError {
    if (this.state !== 'open' || /Not connected|No response from server/.test(error.message)) {
      return this.lostOrClosed();
    }
    return new RemoteError({
      code: 'REMOTE_COMMAND_FAILED',
      message: `The SSH server at ${this.where} refused to open a channel: ${error.message}.`,
      hint: "Check MaxSessions and the forwarding settings in the server's sshd_config.",
      cause: error,
    });
  }
}

export interface SshSessionOptions extends OpenSshClientOptions {
  /** Session channels open at once (exec, dial-stdio, sftp); sshd's MaxSessions default is 10. */
  maxSessions: number;
  reconnect: boolean;
  onLost?: (error: RemoteError) => void;
  onReconnected?: () => void;
}

/**
 * sshd sets TCP_NODELAY on a connection only once it runs a first session
 * command; a connection that only forwards the engine socket keeps Nagle's
 * algorithm, and under concurrent calls a small response then waits for our
 * delayed ACK (measured: one 40 ms stall in most bursts of 200 calls). Running
 * `true` once switches it on. Failure is harmless: calls work, only slower.
 */
async function turnOnServerNoDelay(client: Client, signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, 5_000);
    signal?.addEventListener('abort', done, { once: true });
    try {
      client.exec('true', (error, channel) => {
        if (error) {
          done();
          return;
        }
        channel.on('data', () => {});
        channel.stderr.on('data', () => {});
        channel.once('close', done);
      });
    } catch {
      done();
    }
  });
}
