import type { Verdict } from './judge-service.js';
import type { WaitTarget } from './resolve-targets.js';
import type { StackWaitStatus } from './types.js';

/**
 * The stack's status from its services' verdicts, or `undefined` while the
 * wait goes on. A failure ends the wait at once (so does a rollback, unless
 * a rollback counts as success: then every service must be final first); a
 * service the record names but the swarm no longer has is a failure.
 */
export function decideStatus(input: {
  targets: readonly WaitTarget[];
  verdicts: ReadonlyMap<string, Verdict>;
  rollbackIsSuccess: boolean;
}): StackWaitStatus | undefined {
  const { targets, verdicts } = input;
  const judged = targets
    .filter((target) => target.kind === 'judge')
    .map((target) => verdicts.get(target.id));
  if (targets.some((target) => target.kind === 'missing')) return 'failed';
  if (judged.some((verdict) => verdict?.outcome === 'failed')) return 'failed';
  const rolledBack = judged.some((verdict) => verdict?.outcome === 'rolled_back');
  if (rolledBack && !input.rollbackIsSuccess) return 'rolled_back';
  if (judged.every((verdict) => verdict !== undefined && verdict.outcome !== 'pending'))
    return rolledBack ? 'rolled_back' : 'converged';
  return undefined;
}
