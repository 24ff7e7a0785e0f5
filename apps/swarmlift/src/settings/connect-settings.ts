import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { OptionsError } from '@swarmlift/core';
import type { ConnectOptions, HostKeyOptions, SshTarget, Target } from '@swarmlift/remote';
import type { HostPort } from './setting-checks.js';
import type { SettingsIssue } from './settings.js';

/** The target settings, parsed, with the label each came from. */
export interface TargetSettings {
  managers?: readonly string[] | undefined;
  sshUser?: string | undefined;
  sshPort?: number | undefined;
  sshPrivateKey?: string | undefined;
  sshHostKey?: string | undefined;
  sshKnownHosts?: string | undefined;
  dockerHost?: string | undefined;
  /** STATIC_HOSTS: the nginx hosts (none: the manager in use serves the static files). */
  staticHosts?: readonly HostPort[] | undefined;
  /** How each setting is named in messages (`--manager`, `SWARM_MANAGER_IP`, `swarmlift.config.yaml:3 manager`). */
  labels: Partial<Record<string, string>>;
}

export type ConnectSettingsResult =
  | {
      ok: true;
      /** connect() options for the first manager (or DOCKER_HOST); the other managers share all but `target`. */
      connect: ConnectOptions;
      targetLabel: string;
      /** Each manager SWARM_MANAGER_IP names, in order (empty with DOCKER_HOST). */
      managerTargets: SshTarget[];
      /** STATIC_HOSTS as SSH targets (user SSH_USER, port SSH_PORT unless given); empty: the manager in use. */
      staticHosts: SshTarget[];
    }
  | { ok: false; issues: SettingsIssue[] };

/** `SHA256:…` alone or as `ssh-keygen -lf` prints it (`256 SHA256:… host (ED25519)`), one or more. */
export function isFingerprintPin(text: string): boolean {
  return /^\s*(\d+\s+)?SHA256:/i.test(text);
}

/**
 * @swarmlift/remote's `connect()` options for the target settings, built with
 * its `connectOptionsFromEnv`: SWARM_MANAGER_IP (the first of the list; the
 * others and STATIC_HOSTS as targets with the same user, port and pins) with
 * SSH_USER and SSH_PORT, else DOCKER_HOST; the key from SSH_PRIVATE_KEY, else
 * ssh-agent or ~/.ssh; the host key pinned by SSH_HOST_KEY (SHA256:
 * fingerprints, one per line — then the only keys accepted — or known_hosts lines) and/or
 * SSH_KNOWN_HOSTS (a file, which must exist), else ~/.ssh/known_hosts.
 * Reconnects once after a dropped connection. Problems are issues.
 */
export async function connectSettings(
  settings: TargetSettings,
  options: { cwd: string; env: Readonly<Record<string, string | undefined>> },
): Promise<ConnectSettingsResult> {
  const { connectOptionsFromEnv, parseFingerprint, parseKnownHosts } = await import(
    '@swarmlift/remote'
  );
  const label = (name: string) => settings.labels[name] ?? name;
  const issues: SettingsIssue[] = [];
  const manager = settings.managers?.[0];
  const env: Record<string, string | undefined> = {
    SSH_AUTH_SOCK: options.env.SSH_AUTH_SOCK,
    SSH_PRIVATE_KEY: settings.sshPrivateKey,
  };
  if (manager !== undefined) {
    env.SWARM_MANAGER_IP = manager;
    env.SSH_USER = settings.sshUser;
    env.SSH_PORT = settings.sshPort === undefined ? undefined : String(settings.sshPort);
  } else if (settings.dockerHost !== undefined) {
    env.DOCKER_HOST = settings.dockerHost;
    env.DOCKER_TLS_VERIFY = options.env.DOCKER_TLS_VERIFY;
    env.DOCKER_CERT_PATH = options.env.DOCKER_CERT_PATH;
  }

  let connect: ConnectOptions | undefined;
  try {
    connect = connectOptionsFromEnv(env);
  } catch (error) {
    if (!OptionsError.isInstance(error)) throw error;
    const field = error.field;
    const own = field === 'DOCKER_HOST' ? settings.dockerHost : undefined;
    issues.push({
      setting: label(field),
      message:
        field === 'DOCKER_HOST'
          ? 'is not an engine address (ssh://user@host[:port], unix:///path or tcp://host:port)'
          : 'is not usable',
      ...(error.hint && (own === undefined || !error.hint.includes(own))
        ? { hint: error.hint }
        : {}),
    });
  }

  let hostKey: HostKeyOptions | undefined;
  if (settings.sshHostKey !== undefined) {
    if (isFingerprintPin(settings.sshHostKey)) {
      // One pin per line (or comma): several managers have several host keys.
      const pins = settings.sshHostKey
        .split(/[\n,]+/)
        .map((pin) => pin.trim())
        .filter(Boolean);
      const valid = pins.every((pin) => {
        try {
          parseFingerprint(pin);
          return true;
        } catch {
          return false;
        }
      });
      if (valid) {
        hostKey = {
          fingerprint: pins.length === 1 ? (pins[0] as string) : pins,
          knownHostsFile: [],
        };
      } else {
        issues.push({
          setting: label('SSH_HOST_KEY'),
          message:
            pins.length === 1
              ? 'is not a SHA256 fingerprint'
              : 'holds a line that is not a SHA256 fingerprint',
          hint: 'Give what ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub prints on the manager (SHA256:…), one per line.',
        });
      }
    } else {
      let entries = 0;
      try {
        entries = parseKnownHosts(settings.sshHostKey).length;
      } catch {
        entries = -1;
      }
      if (entries <= 0) {
        issues.push({
          setting: label('SSH_HOST_KEY'),
          message: 'is neither a SHA256: fingerprint nor known_hosts lines (host key-type key)',
          hint: 'Pin the manager with its fingerprint (ssh-keygen -lf on the server), or with a known_hosts line checked on the server.',
        });
      } else {
        hostKey = { knownHosts: settings.sshHostKey };
      }
    }
  }
  if (settings.sshKnownHosts !== undefined && !(hostKey && hostKey.fingerprint !== undefined)) {
    const file = resolve(options.cwd, settings.sshKnownHosts);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      issues.push({
        setting: label('SSH_KNOWN_HOSTS'),
        message: `${file} is not a file`,
        hint: "Give the path of a known_hosts file that holds the manager's host key, or pin it with SSH_HOST_KEY.",
      });
    } else {
      hostKey = { ...hostKey, knownHostsFile: file };
    }
  }

  const isSsh =
    connect !== undefined &&
    typeof connect.target === 'object' &&
    'kind' in connect.target &&
    connect.target.kind === 'ssh';
  if (connect !== undefined && !isSsh && (settings.staticHosts?.length ?? 0) > 0) {
    issues.push({
      setting: label('STATIC_HOSTS'),
      message: 'needs SSH settings, but the engine is not reached over SSH',
      hint: 'Set SWARM_MANAGER_IP (or an ssh:// DOCKER_HOST) with SSH_USER and SSH_PRIVATE_KEY, or leave STATIC_HOSTS out.',
    });
  }

  if (issues.length > 0 || connect === undefined) return { ok: false, issues };
  if (
    hostKey !== undefined &&
    typeof connect.target === 'object' &&
    'kind' in connect.target &&
    connect.target.kind === 'ssh'
  ) {
    connect.hostKey = hostKey;
  }
  connect.reconnect = true;
  const first = connect.target as Target;
  // The other managers and the static hosts: the first manager's user and port, their own host.
  const sshLike = (host: string, port?: number): SshTarget => ({
    kind: 'ssh',
    host,
    port: port ?? (first.kind === 'ssh' ? first.port : settings.sshPort),
    user: first.kind === 'ssh' ? first.user : settings.sshUser,
  });
  const managerTargets =
    manager === undefined ? [] : (settings.managers ?? []).map((host) => sshLike(host));
  const staticHosts = (settings.staticHosts ?? []).map((one) => sshLike(one.host, one.port));
  return {
    ok: true,
    connect,
    targetLabel: managersLabel(first, managerTargets),
    managerTargets,
    staticHosts,
  };
}

/** `deploy@m1:22`, or with several managers `deploy@m1:22 (then m2, m3)`. */
function managersLabel(first: Target, managers: readonly SshTarget[]): string {
  const label = targetLabelOf(first);
  if (managers.length < 2) return label;
  return `${label} (then ${managers
    .slice(1)
    .map((m) => m.host)
    .join(', ')})`;
}

/** `deploy@203.0.113.7:22`, `unix:///var/run/docker.sock` or `tcp://host:2376`; never a secret. */
export function targetLabelOf(target: Target): string {
  switch (target.kind) {
    case 'ssh':
      return `${target.user ? `${target.user}@` : ''}${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port ?? 22}`;
    case 'unix':
      return `unix://${target.socketPath}`;
    case 'tcp':
      return `tcp://${target.host}:${target.port}`;
  }
}
