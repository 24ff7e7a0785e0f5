import { abortReasonError } from '@swarmlift/core';
import ssh2, { type Client, type ConnectConfig } from 'ssh2';
import { RemoteError } from './errors.js';
import type { HostKeyPolicy, HostKeyVerdict } from './host-key-policy.js';
import type { LoadedPrivateKey } from './private-key.js';

export interface SshEndpoint {
  host: string;
  port: number;
  user: string;
}

export interface OpenSshClientOptions {
  endpoint: SshEndpoint;
  policy: HostKeyPolicy;
  privateKey: LoadedPrivateKey | undefined;
  /** Path of an ssh-agent socket. */
  agent: string | undefined;
  /** ssh2's own limit for TCP connect + handshake + authentication. */
  handshakeTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
}

export interface VerifiedHostKey {
  fingerprint: string;
  keyType: string;
  trustedOnFirstUse: boolean;
  knownHostsLine: string;
}

/**
 * Opens one authenticated ssh2 connection whose host key passed `policy`.
 * When only fingerprints of unknown key type are pinned and the server showed
 * another type, it asks again for the server's other key types (a handshake
 * each), so a pin for any key the server has works.
 */
export async function openSshClient(
  options: OpenSshClientOptions,
  signal?: AbortSignal,
): Promise<{ client: Client; hostKey: VerifiedHostKey }> {
  const tried = new Set<string>();
  let firstMismatch: Error | undefined;
  for (;;) {
    const attempt = await connectOnce(options, tried, signal);
    if (attempt.ok) return attempt;
    if (signal?.aborted) throw attempt.error;
    // A later attempt may fail only because the server has no other key type; the
    // mismatch with the key it showed first is what the user needs to see.
    firstMismatch ??= attempt.retryWithoutKeyType === undefined ? undefined : attempt.error;
    if (attempt.retryWithoutKeyType === undefined) throw firstMismatch ?? attempt.error;
    tried.add(attempt.retryWithoutKeyType);
    if (options.policy.algorithms(tried).length === 0) throw firstMismatch;
  }
}

type Attempt =
  | { ok: true; client: Client; hostKey: VerifiedHostKey }
  | { ok: false; error: Error; retryWithoutKeyType: string | undefined };

/**
 * One TCP connection and SSH handshake. An abort of `signal` destroys the
 * socket at once and settles with the signal's error (core's CancelledError,
 * or the TimedOutError of a deadline).
 */
function connectOnce(
  options: OpenSshClientOptions,
  tried: ReadonlySet<string>,
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  const { endpoint, policy } = options;
  const where = `${endpoint.user}@${endpoint.host}:${endpoint.port}`;
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    let verdict: HostKeyVerdict | undefined;
    let settled = false;
    const onAbort = () =>
      finish({
        ok: false,
        error: abortReasonError(signal as AbortSignal),
        retryWithoutKeyType: undefined,
      });
    const finish = (attempt: Attempt) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      client.removeAllListeners();
      if (!attempt.ok) {
        // Errors after this point (e.g. a late socket reset) must not crash the process.
        client.on('error', () => {});
        // ssh2's end() only half-closes the socket, after which its destroy() does nothing;
        // a server that never answers would then keep the connection open. Close it for good.
        client.end();
        (client as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
        client.destroy();
      }
      resolve(attempt);
    };
    const fail = (error: RemoteError) =>
      finish({ ok: false, error, retryWithoutKeyType: undefined });
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });

    client.once('ready', () => {
      if (verdict?.ok !== true) {
        fail(
          new RemoteError({
            code: 'SSH_CONNECT_FAILED',
            message: `No host key was checked for ${where}.`,
            hint: 'Report this as a bug.',
          }),
        );
        return;
      }
      const { ok: _ok, ...hostKey } = verdict;
      finish({ ok: true, client, hostKey });
    });
    // ssh2 leaves Nagle's algorithm on: with small HTTP requests on the connection every
    // sequential call then waits ~40 ms for a delayed ACK (measured: 44 ms instead of 0.7 ms).
    client.on('connect', () => client.setNoDelay(true));
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (verdict && !verdict.ok) {
        finish(verdict);
        return;
      }
      fail(classify(error, where, options));
    });
    client.on('close', () => {
      if (verdict && !verdict.ok) finish(verdict);
      else
        fail(
          new RemoteError({
            code: 'SSH_CONNECT_FAILED',
            message: `The SSH server at ${where} closed the connection during the handshake.`,
            hint: 'Check the sshd log on the server (MaxStartups, AllowUsers, DenyUsers).',
          }),
        );
    });

    const config: ConnectConfig = {
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.user,
      readyTimeout: options.handshakeTimeoutMs,
      keepaliveInterval: options.keepaliveIntervalMs,
      keepaliveCountMax: options.keepaliveCountMax,
      algorithms: { serverHostKey: policy.algorithms(tried) as never },
      hostVerifier: (key: Buffer) => {
        verdict = policy.check(key, tried);
        return verdict.ok;
      },
      tryKeyboard: false,
    };
    if (options.privateKey) {
      config.privateKey = options.privateKey.key;
      if (options.privateKey.passphrase !== undefined)
        config.passphrase = options.privateKey.passphrase;
    }
    if (options.agent) config.agent = options.agent;
    try {
      client.connect(config);
    } catch (error) {
      fail(classify(error as Error, where, options));
    }
  });
}

function classify(
  error: Error & { level?: string; code?: string },
  where: string,
  options: OpenSshClientOptions,
): RemoteError {
  if (error.level === 'client-authentication') {
    const used = [options.privateKey?.source, options.agent ? 'the keys in ssh-agent' : undefined]
      .filter(Boolean)
      .join(' and ');
    return new RemoteError({
      code: 'SSH_AUTH_FAILED',
      message: `${where} refused ${used || 'every offered key'} (publickey authentication failed).`,
      hint: `Add the matching public key to ~${options.endpoint.user}/.ssh/authorized_keys on the server, and check the user name.`,
      cause: error,
    });
  }
  if (error.level === 'agent') {
    return new RemoteError({
      code: 'SSH_AUTH_FAILED',
      message: `The ssh-agent at ${options.agent} failed: ${error.message}`,
      hint: 'Check SSH_AUTH_SOCK and that the agent holds a key (ssh-add -l).',
      cause: error,
    });
  }
  if (error.level === 'client-timeout') {
    return new RemoteError({
      code: 'SSH_CONNECT_FAILED',
      message: `No SSH handshake with ${where} within ${options.handshakeTimeoutMs} ms.`,
      hint: 'Check the address and port, and that a firewall lets the runner reach it.',
      cause: error,
    });
  }
  if (error.level === 'client-dns' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new RemoteError({
      code: 'SSH_CONNECT_FAILED',
      message: `Cannot resolve the host name of ${where} (${error.code ?? error.message}).`,
      hint: 'Check SWARM_MANAGER_IP / the host in the target.',
      cause: error,
    });
  }
  const reason = error.code === 'ECONNREFUSED' ? 'connection refused' : error.message;
  return new RemoteError({
    code: 'SSH_CONNECT_FAILED',
    message: `Cannot connect to ${where}: ${reason}.`,
    hint: 'Check that sshd runs on that host and port and that the runner may reach it.',
    cause: error,
  });
}
