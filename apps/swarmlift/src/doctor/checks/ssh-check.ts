import { HostKeyMismatchError, HostKeyUnknownError } from '@swarmlift/remote';
import { describeError } from '../../output/describe-error.js';
import { fail, pass, type Verdict } from '../check-result.js';

/** Error codes of the SSH stage of connect(): before the engine is asked anything. */
const SSH_STAGE = new Set([
  'REMOTE_TARGET_INVALID',
  'SSH_KEY_INVALID',
  'SSH_CONNECT_FAILED',
  'SSH_AUTH_FAILED',
  'SSH_HOST_KEY_MISMATCH',
  'SSH_HOST_KEY_UNKNOWN',
  'SSH_HOST_KEY_PIN_INVALID',
  'SSH_CONNECTION_LOST',
  'SSH_CLOSED',
  // Several managers, none answered over SSH (each named in the message).
  'REMOTE_NO_TARGET_REACHABLE',
]);

/** Whether connect() failed before the SSH session was up (otherwise the engine is to blame). */
export function isSshStageError(error: unknown): boolean {
  const code = describeError(error).code;
  return code === undefined || SSH_STAGE.has(code);
}

export type ConnectOutcome =
  | {
      ok: true;
      kind: 'ssh' | 'unix' | 'tcp';
      hostKey?: { fingerprint: string; keyType: string } | undefined;
    }
  | { ok: false; error: unknown };

/**
 * SSH reachable, the host key pinned and matching. A wrong pin names the
 * setting that pinned it and the fingerprint the server offers (public; the
 * person checks it on the server before pinning it).
 */
export function sshVerdict(options: {
  target: string;
  /** Which setting pinned the key: `SSH_HOST_KEY`, or the known_hosts file used. */
  pinSource: string;
  outcome: ConnectOutcome;
}): Verdict {
  const { outcome, target, pinSource } = options;
  if (outcome.ok) {
    if (outcome.kind !== 'ssh')
      return pass(`no SSH: the engine is reached directly at ${target} (DOCKER_HOST)`);
    return pass(
      `${target} answered; its host key ${outcome.hostKey ? `${outcome.hostKey.keyType} ${outcome.hostKey.fingerprint} ` : ''}matches ${pinSource}`,
    );
  }
  const { error } = outcome;
  if (!isSshStageError(error)) return pass(`${target} answered; its host key matches ${pinSource}`);
  if (HostKeyMismatchError.isInstance(error)) {
    return fail(
      `the host key of ${error.host} does not match ${pinSource}: the server offers ${error.actual}`,
      `If ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub run on the manager itself prints ${error.actual}, set ${pinSource === 'SSH_HOST_KEY' ? 'SSH_HOST_KEY' : 'SSH_HOST_KEY (or the known_hosts entry)'} to it; if not, someone may be intercepting the connection. Nothing was sent to the server.`,
    );
  }
  if (HostKeyUnknownError.isInstance(error)) {
    return fail(
      `no host key is pinned for ${error.host}: the server offers ${error.fingerprint}`,
      `Check that fingerprint on the manager itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then set SSH_HOST_KEY to it.`,
    );
  }
  const described = describeError(error);
  if (described.code === 'SSH_AUTH_FAILED') {
    return fail(
      `${target} refused the login: ${described.message}`,
      'Check SSH_USER and SSH_PRIVATE_KEY: the public half of the key must be in ~SSH_USER/.ssh/authorized_keys on the manager.',
    );
  }
  return fail(
    `${target}: ${described.code ? `[${described.code}] ` : ''}${described.message}`,
    described.hint ??
      'Check SWARM_MANAGER_IP and SSH_PORT, and that a firewall lets this machine reach the manager.',
  );
}
