import type { SwarmManagerInfo } from '@swarmlift/remote';
import { describeError } from '../../output/describe-error.js';
import { fail, pass, type Verdict } from '../check-result.js';

/** The target is a swarm manager and the SSH user may use its engine. */
export function engineVerdict(
  outcome: { ok: true; info: SwarmManagerInfo; user: string } | { ok: false; error: unknown },
): Verdict {
  if (outcome.ok) {
    const { info } = outcome;
    return pass(
      `Docker ${info.engineVersion} (API ${info.apiVersion}) is a swarm manager, and ${outcome.user} may use it`,
    );
  }
  const described = describeError(outcome.error);
  const message = `${described.code ? `[${described.code}] ` : ''}${described.message}`;
  if (described.code === 'DOCKER_NOT_SWARM_MANAGER')
    return fail(
      message,
      described.hint ?? 'Point SWARM_MANAGER_IP at a manager (docker node ls shows them).',
    );
  return fail(
    message,
    'Check that dockerd runs on the manager and that SSH_USER may use it: sudo usermod -aG docker SSH_USER, then log in again.',
  );
}
