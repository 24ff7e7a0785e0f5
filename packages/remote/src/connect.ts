import { access, appendFile, mkdir, readFile } from 'node:fs/promises';
import type { Agent } from 'node:http';
import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import {
  checkFunction,
  checkSignal,
  OptionsError,
  raceAbort,
  TimedOutError,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import Dockerode from 'dockerode';
import type { SFTPWrapper } from 'ssh2';
import { RemoteError } from './errors.js';
import type { ConnectEvent, HostKeyTrustedOnFirstUseWarning } from './events.js';
import type { ExecOptions, ExecResult } from './exec-types.js';
import { type HostKeyOptions, loadHostKeyPolicy } from './host-key-policy.js';
import { localExec } from './local-exec.js';
import type { VerifiedHostKey } from './open-ssh-client.js';
import {
  type GuideTargetPieces,
  parseTarget,
  type SshTarget,
  type Target,
} from './parse-target.js';
import { type LoadedPrivateKey, loadPrivateKey } from './private-key.js';
import { QuietAgent, QuietHttpsAgent } from './quiet-agents.js';
import { resolveSshConfig } from './ssh-config.js';
import { type DockerTransport, SshDockerAgent } from './ssh-docker-agent.js';
import { sshExec } from './ssh-exec.js';
import { SshSession } from './ssh-session.js';

export interface ConnectOptions {
  /** `ssh://user@host:port`, `unix:///path`, `tcp://host:port`, `local`, a parsed Target, or the guide's pieces. */
  target: string | Target | GuideTargetPieces;
  /** How the server's host key is verified (SSH only). Without a pin, connect() refuses. */
  hostKey?: HostKeyOptions;
  /** Private key text (e.g. `process.env.SSH_PRIVATE_KEY`); `\n`-escaped forms are accepted. */
  privateKey?: string | Buffer;
  /** Path of a private key file. */
  privateKeyPath?: string;
  /** Passphrase of an encrypted private key. */
  passphrase?: string;
  /** ssh-agent: `true` for `SSH_AUTH_SOCK`, or the socket path. */
  agent?: boolean | string;
  /** Read HostName, User, Port, IdentityFile and UserKnownHostsFile for the host from `~/.ssh/config`. */
  useSshConfig?: boolean;
  /** Another OpenSSH client config instead of `~/.ssh/config`. */
  sshConfigPath?: string;
  /** The engine's socket on the server. Default `/var/run/docker.sock`. */
  dockerSocket?: string;
  /** Default `auto`: forward the engine socket, or fall back to `docker system dial-stdio`. */
  dockerTransport?: DockerTransport | 'auto';
  /** Docker API connections (SSH channels) open at once; more requests wait. Default 32. */
  maxDockerChannels?: number;
  /** Session channels (exec, dial-stdio, sftp) open at once; keep below sshd's MaxSessions (10). Default 9. */
  maxSessions?: number;
  /**
   * Time for the whole connect (TCP, SSH handshake, authentication, choosing
   * the Docker transport). Default 20 s. Past it: `SSH_CONNECT_FAILED` with
   * core's TimedOutError as `cause`, and no socket left open.
   */
  timeoutMs?: number | undefined;
  /** Aborts the connect: rejects with core's CancelledError and closes the socket. */
  signal?: AbortSignal | undefined;
  /** SSH keep-alive probes: a dead connection is reported after interval × count. Default 10 s × 3. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** After a lost connection, reconnect once and retry idempotent calls (GET/HEAD, `exec` with `idempotent`). */
  reconnect?: boolean;
  /** Environment for `local` and `SSH_AUTH_SOCK`. Default `process.env`. */
  env?: Record<string, string | undefined>;
  onEvent?: ((event: ConnectEvent) => void) | undefined;
}

/** One connection to a Docker engine and the machine it runs on. */
export interface Remote {
  readonly target: Target;
  /** dockerode, its HTTP traffic on this Remote's connection. */
  readonly docker: Dockerode;
  /** The verified host key of an SSH target. */
  readonly hostKey: VerifiedHostKey | undefined;
  /** How Docker API calls travel; chosen by `connect` before it returns. */
  readonly dockerTransport: DockerTransport | 'unix' | 'tcp';
  /** Runs argv (never a shell string) on the engine's machine. */
  exec(command: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /**
   * The SSH session's SFTP subsystem (SSH targets only), opened once and
   * shared. An abort of `signal` rejects the wait; the subsystem stays usable.
   */
  sftp(options?: { signal?: AbortSignal | undefined }): Promise<SFTPWrapper>;
  /** Closes every channel and the connection; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Connects to a Docker engine: over one verified SSH session for `ssh://`
 * targets (host key checked before anything is sent), or directly for local
 * and TCP engines.
 */
export async function connect(options: ConnectOptions): Promise<Remote> {
  checkConnectOptions(options);
  throwIfAborted(options.signal);
  const env = options.env ?? process.env;
  const target = isTarget(options.target) ? options.target : parseTarget(options.target, { env });
  if (target.kind !== 'ssh') return connectDirect(target);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs,
    what: `Connecting to ${target.host}`,
  });
  try {
    return await connectSsh(target, options, env, deadline.signal as AbortSignal, timeoutMs);
  } catch (error) {
    if (TimedOutError.isInstance(error) && error === deadline.signal?.reason) {
      throw new RemoteError({
        code: 'SSH_CONNECT_FAILED',
        message: `No SSH connection to ${target.host} within ${timeoutMs} ms.`,
        hint: 'Check the address and port, and that a firewall lets this machine reach it; or raise timeoutMs.',
        cause: error,
      });
    }
    throw error;
  } finally {
    deadline.dispose();
  }
}

const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;

function checkConnectOptions(options: ConnectOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new OptionsError({
      field: 'options',
      message: 'connect() needs an options object',
      hint: "Pass { target: 'ssh://user@host', privateKey, hostKey }.",
    });
  }
  const positive = [
    'timeoutMs',
    'maxDockerChannels',
    'maxSessions',
    'keepaliveIntervalMs',
    'keepaliveCountMax',
  ] as const;
  checkSignal(options.signal);
  checkFunction(options.onEvent, 'onEvent');
  for (const field of positive) {
    const value = options[field];
    if (
      value !== undefined &&
      !(typeof value === 'number' && Number.isFinite(value) && value > 0)
    ) {
      throw new OptionsError({
        field,
        message: `must be a positive number, got ${JSON.stringify(value)}`,
        hint:
          field === 'timeoutMs' ? 'e.g. 20000 for 20 seconds.' : 'Leave it out for the default.',
      });
    }
  }
}

/** A parsed Target, as opposed to the guide's pieces (which may be all of process.env). */
function isTarget(value: ConnectOptions['target']): value is Target {
  const kind = typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
  return kind === 'ssh' || kind === 'unix' || kind === 'tcp';
}

async function connectSsh(
  target: SshTarget,
  options: ConnectOptions,
  env: Record<string, string | undefined>,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Remote> {
  const config = options.useSshConfig
    ? await resolveSshConfig({
        host: target.host,
        user: target.user,
        port: target.port,
        ...(options.sshConfigPath ? { configPath: options.sshConfigPath } : {}),
      })
    : undefined;
  const endpoint = {
    host: config?.hostName ?? target.host,
    port: target.port ?? config?.port ?? 22,
    user: target.user ?? config?.user ?? userInfo().username,
  };
  const agent = options.agent === true ? env.SSH_AUTH_SOCK : options.agent || undefined;
  const privateKey = await chooseKey(options, identityFilesOf(config, agent !== undefined));
  if (options.agent === true && !agent) {
    throw new RemoteError({
      code: 'SSH_AUTH_FAILED',
      message: 'agent: true was given, but SSH_AUTH_SOCK is not set.',
      hint: 'Start ssh-agent and add the key (ssh-add), or pass privateKey / privateKeyPath.',
    });
  }
  if (!privateKey && !agent) {
    throw new RemoteError({
      code: 'SSH_AUTH_FAILED',
      message: `No SSH credentials for ${endpoint.user}@${endpoint.host}.`,
      hint: 'Pass privateKey (e.g. process.env.SSH_PRIVATE_KEY), privateKeyPath, or agent: true.',
    });
  }

  const hostKey = withSshConfigKnownHosts(
    options.hostKey ?? {},
    config?.userKnownHostsFiles,
    options.useSshConfig,
  );
  const policy = await loadHostKeyPolicy({ hostKey, host: endpoint.host, port: endpoint.port });
  const emit = options.onEvent ?? (() => {});
  throwIfAborted(signal);
  const session = await SshSession.open(
    {
      endpoint,
      policy,
      privateKey,
      agent,
      handshakeTimeoutMs: timeoutMs,
      keepaliveIntervalMs: options.keepaliveIntervalMs ?? 10_000,
      keepaliveCountMax: options.keepaliveCountMax ?? 3,
      maxSessions: options.maxSessions ?? 9,
      reconnect: options.reconnect ?? false,
      onLost: (error) => emit({ type: 'ssh_connection_lost', message: error.message }),
      onReconnected: () => emit({ type: 'ssh_reconnected' }),
    },
    signal,
  );
  emit({
    type: 'ssh_connected',
    ...endpoint,
    fingerprint: session.hostKey.fingerprint,
    keyType: session.hostKey.keyType,
  });

  const maxChannels = options.maxDockerChannels ?? 32;
  // dial-stdio channels are sessions: leave room under maxSessions for exec and sftp.
  const maxDialStdio = Math.max(1, Math.min(6, (options.maxSessions ?? 9) - 3));
  const agentForDocker = new SshDockerAgent({
    session,
    socketPath: options.dockerSocket ?? '/var/run/docker.sock',
    transport: options.dockerTransport ?? 'auto',
    maxChannels,
    maxDialStdioChannels: Math.min(maxChannels, maxDialStdio),
    onTransport: (transport, fallbackReason) =>
      emit({ type: 'docker_transport', transport, fallbackReason }),
  });
  let dockerTransport: DockerTransport;
  try {
    if (session.hostKey.trustedOnFirstUse) {
      await reportTrustOnFirstUse(session.hostKey, endpoint.host, hostKey, options.onEvent);
    }
    // Chosen now, so `remote.dockerTransport` is known from the start.
    dockerTransport = await raceAbort(agentForDocker.chooseTransport(), signal);
  } catch (error) {
    agentForDocker.destroy();
    await session.close();
    throw error;
  }
  const docker = dockerode({ protocol: 'http', host: 'docker', port: 80, agent: agentForDocker });
  if (options.reconnect) retryIdempotentCalls(docker, session);

  return {
    target,
    docker,
    hostKey: session.hostKey,
    get dockerTransport() {
      return agentForDocker.currentTransport ?? dockerTransport;
    },
    exec: (command, execOptions) => sshExec(session, command, execOptions),
    sftp: (sftpOptions) => raceAbort(session.sftp(), sftpOptions?.signal),
    async close() {
      if (session.state === 'closed') return;
      agentForDocker.destroy();
      await session.close();
      emit({ type: 'ssh_closed' });
    },
  };
}

async function connectDirect(target: Exclude<Target, SshTarget>): Promise<Remote> {
  let docker: Dockerode;
  let agent: Agent;
  if (target.kind === 'unix') {
    agent = new QuietAgent({ keepAlive: true });
    docker = dockerode({ socketPath: target.socketPath, agent });
  } else if (target.tls) {
    const [ca, cert, key] = await Promise.all(
      [target.tls.ca, target.tls.cert, target.tls.key].map(readTlsFile),
    );
    agent = new QuietHttpsAgent({ keepAlive: true, ca, cert, key });
    docker = dockerode({
      protocol: 'https',
      host: target.host,
      port: target.port,
      ca,
      cert,
      key,
      agent,
    });
  } else {
    agent = new QuietAgent({ keepAlive: true });
    docker = dockerode({ protocol: 'http', host: target.host, port: target.port, agent });
  }
  return {
    target,
    docker,
    hostKey: undefined,
    dockerTransport: target.kind,
    exec(command, options) {
      if (target.kind === 'tcp') {
        return Promise.reject(
          new RemoteError({
            code: 'REMOTE_COMMAND_FAILED',
            message: `exec needs a shell on the engine's machine; ${target.host}:${target.port} is a TCP engine.`,
            hint: 'Connect with an ssh:// target to run commands on the server.',
          }),
        );
      }
      return localExec(command, options);
    },
    sftp() {
      return Promise.reject(
        new RemoteError({
          code: 'REMOTE_COMMAND_FAILED',
          message: 'SFTP needs an SSH target; this Remote is a local or TCP engine.',
          hint: 'Use the file system directly for a local engine, or connect with an ssh:// target.',
        }),
      );
    },
    async close() {
      agent.destroy();
    },
  };
}

/**
 * With useSshConfig: ~/.ssh/config's IdentityFile entries, else (without an
 * agent) ssh's default key files.
 */
function identityFilesOf(
  config: { identityFiles: string[] } | undefined,
  hasAgent: boolean,
): string[] {
  if (config === undefined) return [];
  if (config.identityFiles.length > 0) return config.identityFiles;
  if (hasAgent) return [];
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((name) => join(homedir(), '.ssh', name));
}

async function chooseKey(
  options: ConnectOptions,
  identityFiles: string[],
): Promise<LoadedPrivateKey | undefined> {
  const passphrase = options.passphrase === undefined ? {} : { passphrase: options.passphrase };
  if (options.privateKey !== undefined)
    return loadPrivateKey({ text: options.privateKey, ...passphrase });
  if (options.privateKeyPath !== undefined)
    return loadPrivateKey({ path: options.privateKeyPath, ...passphrase });
  for (const path of identityFiles) {
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (exists) return loadPrivateKey({ path, ...passphrase });
  }
  return undefined;
}

function withSshConfigKnownHosts(
  hostKey: HostKeyOptions,
  fromConfig: string[] | undefined,
  useSshConfig: boolean | undefined,
): HostKeyOptions {
  if (!useSshConfig || hostKey.knownHostsFile !== undefined) return hostKey;
  const files =
    fromConfig && fromConfig.length > 0 ? fromConfig : [`${userInfo().homedir}/.ssh/known_hosts`];
  return { ...hostKey, knownHostsFile: files };
}

async function reportTrustOnFirstUse(
  key: VerifiedHostKey,
  host: string,
  hostKey: HostKeyOptions,
  onEvent: ConnectOptions['onEvent'],
): Promise<void> {
  const file =
    typeof hostKey.knownHostsFile === 'string'
      ? hostKey.knownHostsFile
      : hostKey.knownHostsFile?.[0];
  if (file) {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await appendFile(file, `${key.knownHostsLine}\n`, { mode: 0o600 });
  }
  const event: HostKeyTrustedOnFirstUseWarning = {
    type: 'warning',
    code: 'SSH_HOST_KEY_TRUSTED_ON_FIRST_USE',
    message:
      `Trusted the SSH host key of ${host} on first use without verifying it: ${key.keyType} ${key.fingerprint}` +
      (file ? ` (saved to ${file})` : ''),
    host,
    fingerprint: key.fingerprint,
    keyType: key.keyType,
    savedTo: file,
  };
  if (onEvent) onEvent(event);
  else process.emitWarning(event.message, { code: event.code });
}

/** With `reconnect`, a GET or HEAD that failed because the connection dropped is sent once more. */
function retryIdempotentCalls(docker: Dockerode, session: SshSession): void {
  type Dial = (
    options: { method?: string; isStream?: boolean },
    callback: (error: unknown, data: unknown) => void,
  ) => void;
  const modem = docker.modem as unknown as { dial: Dial };
  const dial = modem.dial.bind(modem);
  modem.dial = (dialOptions, callback) => {
    const snapshot = { ...dialOptions };
    dial(dialOptions, (error, data) => {
      const idempotent = snapshot.method === 'GET' || snapshot.method === 'HEAD';
      if (idempotent && RemoteError.hasCode(error, 'SSH_CONNECTION_LOST') && session.canReconnect) {
        dial(snapshot, callback);
      } else {
        callback(error, data);
      }
    });
  };
}

/** docker-modem passes `agent` on to every request; @types/dockerode does not list it. */
function dockerode(options: Dockerode.DockerOptions & { agent: Agent }): Dockerode {
  return new Dockerode(options);
}

async function readTlsFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new RemoteError({
      code: 'REMOTE_TARGET_INVALID',
      message: `Cannot read the TLS file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      hint: 'Set DOCKER_CERT_PATH (or tls.certPath) to the folder with ca.pem, cert.pem and key.pem.',
      cause: error,
    });
  }
}
