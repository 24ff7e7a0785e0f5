import { Agent, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { inspect } from 'node:util';
import type { ClientChannel } from 'ssh2';
import { ChannelSocket, type OpenedChannel } from './channel-socket.js';
import { RemoteError } from './errors.js';
import type { SshSession } from './ssh-session.js';

/** How Docker API traffic reaches the engine: a forward of its socket, or `docker system dial-stdio`. */
export type DockerTransport = 'stream-local' | 'dial-stdio';

export interface SshDockerAgentOptions {
  session: SshSession;
  /** The engine's socket on the server (stream-local). */
  socketPath: string;
  /** `auto`: stream-local, falling back to dial-stdio when sshd refuses it. */
  transport: DockerTransport | 'auto';
  /** HTTP connections (SSH channels) at once for stream-local; dial-stdio also counts against MaxSessions. */
  maxChannels: number;
  maxDialStdioChannels: number;
  onTransport?: (transport: DockerTransport, fallbackReason: string | undefined) => void;
}

/**
 * An HTTP agent whose connections are channels of one SSH session. Keep-alive
 * reuses them across requests, `maxSockets` bounds them, and every request
 * beyond the bound waits in the agent's queue.
 */
export class SshDockerAgent extends Agent {
  private transport: Promise<DockerTransport> | undefined;
  private chosen: DockerTransport | undefined;

  constructor(private readonly options: SshDockerAgentOptions) {
    super({
      keepAlive: true,
      maxSockets: options.maxChannels,
      maxFreeSockets: options.maxChannels,
      scheduling: 'lifo',
    });
    if (options.transport !== 'auto') this.useTransport(options.transport);
  }

  /** Keeps docker-modem's per-request debug inspect from walking every channel (see quiet-agents.ts). */
  [inspect.custom](): string {
    return `[swarmlift ssh agent ${this.options.session.where}]`;
  }

  /** The transport in use, once chosen (`connect` chooses it before it returns). */
  get currentTransport(): DockerTransport | undefined {
    return this.chosen;
  }

  /**
   * Chooses the transport now: with `auto`, by opening the first forward of
   * the engine socket (kept for the first request). `connect` calls this, so a
   * Remote knows its transport from the start.
   */
  async chooseTransport(): Promise<DockerTransport> {
    if (this.chosen !== undefined) return this.chosen;
    this.transport ??= this.probe();
    return this.transport;
  }

  override destroy(): void {
    this.firstChannel?.close();
    this.firstChannel = undefined;
    super.destroy();
  }

  override createConnection(
    _options: ClientRequestArgs,
    _callback: (error: Error | null, socket: Duplex) => void,
  ): Duplex {
    // Returned at once, channel still opening, so the agent counts it against maxSockets.
    return this.options.session.track(new ChannelSocket(this.openChannel()));
  }

  private async openChannel(): Promise<OpenedChannel> {
    if (this.chosen === undefined) {
      // The first connection decides the transport; concurrent first requests share the decision.
      this.transport ??= this.probe();
      await this.transport;
    }
    if (this.chosen === 'stream-local') {
      // The probe's channel serves the first request.
      const first = this.firstChannel;
      this.firstChannel = undefined;
      if (first && !isClosed(first)) return { channel: first };
      return { channel: await this.forward() };
    }
    return this.openDialStdio();
  }

  private firstChannel: ClientChannel | undefined;

  private async probe(): Promise<DockerTransport> {
    if (this.options.transport === 'dial-stdio') return this.useTransport('dial-stdio');
    try {
      const channel = await this.forward();
      channel.once('close', () => {
        if (this.firstChannel === channel) this.firstChannel = undefined;
      });
      this.firstChannel = channel;
      return this.useTransport('stream-local');
    } catch (error) {
      if (
        !RemoteError.hasCode(error, 'DOCKER_UNREACHABLE') ||
        this.options.transport === 'stream-local'
      ) {
        this.transport = undefined;
        throw error;
      }
      return this.useTransport('dial-stdio', (error as Error).message);
    }
  }

  /** A channel forwarded to the engine socket; a refusal becomes DOCKER_UNREACHABLE naming the socket. */
  private async forward() {
    try {
      return await this.options.session.forwardToSocket(this.options.socketPath);
    } catch (error) {
      if (!RemoteError.hasCode(error, 'REMOTE_COMMAND_FAILED')) throw error;
      const reason =
        ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
      throw new RemoteError({
        code: 'DOCKER_UNREACHABLE',
        message: `sshd at ${this.options.session.where} could not forward the engine socket ${this.options.socketPath}: ${reason}`,
        hint:
          'Check that dockerd runs and listens on that socket (dockerSocket option), that the SSH user may use it (group docker), ' +
          'and that sshd_config has AllowStreamLocalForwarding yes; or use dockerTransport "dial-stdio".',
        cause: error,
      });
    }
  }

  private useTransport(transport: DockerTransport, fallbackReason?: string): DockerTransport {
    this.chosen = transport;
    if (transport === 'dial-stdio') {
      this.maxSockets = this.options.maxDialStdioChannels;
      this.maxFreeSockets = this.options.maxDialStdioChannels;
    }
    this.options.onTransport?.(transport, fallbackReason);
    return transport;
  }

  private async openDialStdio(): Promise<OpenedChannel> {
    const { session } = this.options;
    const channel = await session.exec('docker system dial-stdio');
    let stderr = '';
    channel.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    const exitError = (exit: { code: number | null; signal: string | undefined }) => {
      if (exit.code === 0) return undefined;
      const detail = stderr.trim() || `exit status ${exit.code ?? exit.signal}`;
      return new RemoteError({
        code: 'DOCKER_UNREACHABLE',
        message: `docker system dial-stdio failed on ${session.where}: ${detail}`,
        hint: /permission denied/i.test(detail)
          ? 'Add the SSH user to the docker group on the server (usermod -aG docker USER), then log in again.'
          : 'Install the Docker CLI on the server and check that the engine runs (docker info), or allow AllowStreamLocalForwarding in sshd_config.',
      });
    };
    return { channel, exitError };
  }
}

/** A channel the server or the session has closed meanwhile (ssh2 keeps its state on `outgoing`). */
function isClosed(channel: ClientChannel): boolean {
  const state = (channel as unknown as { outgoing?: { state?: string } }).outgoing?.state;
  return channel.destroyed || (state !== undefined && state !== 'open');
}
