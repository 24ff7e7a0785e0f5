import { RemoteError } from './errors.js';

/** One target `connectFirst` could not use, and why. */
export interface SkippedTarget {
  /** `user@host:port` (or the engine address): never a secret. */
  host: string;
  /** The error's code (`SSH_CONNECT_FAILED`, `DOCKER_NOT_SWARM_MANAGER`, …) or `TIMED_OUT`. */
  code: string;
  /** A few words: `connection refused`, `timed out after 10 s`, `not a swarm manager`. */
  reason: string;
  error: Error;
}

/** connectFirst: every target was tried and none could be used; `skipped` names each and why. */
export class NoTargetReachableError extends RemoteError<'REMOTE_NO_TARGET_REACHABLE'> {
  static override readonly brand: string = 'swarmlift/remote/NoTargetReachableError';
  readonly skipped: readonly SkippedTarget[];

  constructor(options: { skipped: readonly SkippedTarget[] }) {
    const { skipped } = options;
    super({
      code: 'REMOTE_NO_TARGET_REACHABLE',
      message:
        `None of the ${skipped.length} targets could be used:\n` +
        skipped.map((one) => `  ${one.host}: ${one.reason}`).join('\n'),
      hint: 'Check that at least one of them is up, reachable from here (address, port, firewall) and a Swarm manager with a working control plane (docker node ls on it).',
      cause: skipped.at(-1)?.error,
    });
    this.skipped = skipped;
  }
}
