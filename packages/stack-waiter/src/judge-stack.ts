import type { StackSnapshot } from './engine-types.js';
import { judgeService, type Verdict } from './judge-service.js';
import type { WaitTarget } from './resolve-targets.js';

export type JudgedTarget = Extract<WaitTarget, { kind: 'judge' }>;

export interface StackJudgement {
  /** Every judged service's verdict by service ID; a final verdict is kept as it was. */
  verdicts: Map<string, Verdict>;
  /** The earliest time to look again although no event arrives (end of a monitor period). */
  recheckAt: number | undefined;
}

/**
 * Judges every followed service from one snapshot. Pure: a service already
 * final keeps its verdict, a pending one is judged again with the time it
 * was last seen fully running, and one that is gone from the snapshot failed.
 */
export function judgeStack(input: {
  snapshot: StackSnapshot;
  targets: readonly JudgedTarget[];
  previous: ReadonlyMap<string, Verdict>;
  /** Local clock, epoch ms. */
  now: number;
  maxTaskFailures: number;
}): StackJudgement {
  const { snapshot, previous, now } = input;
  const activeNodeIds = new Set(
    snapshot.nodes.filter((node) => node.Status?.State !== 'down').map((node) => node.ID),
  );
  const verdicts = new Map(previous);
  let recheckAt: number | undefined;
  for (const target of input.targets) {
    const before = previous.get(target.id);
    if (before && before.outcome !== 'pending') continue;
    const service = snapshot.services.get(target.id);
    const verdict: Verdict = service
      ? judgeService({
          service,
          tasks: snapshot.tasks.filter((task) => task.ServiceID === target.id),
          upToDateTaskIds: snapshot.upToDateTaskIds,
          activeNodeIds,
          expectation: target.expectation,
          now,
          stableSince: before?.stableSince,
          maxTaskFailures: input.maxTaskFailures,
        })
      : removedVerdict();
    verdicts.set(target.id, verdict);
    if (verdict.recheckAt !== undefined)
      recheckAt = Math.min(recheckAt ?? Number.POSITIVE_INFINITY, verdict.recheckAt);
  }
  return { verdicts, recheckAt };
}

function removedVerdict(): Verdict {
  return {
    outcome: 'failed',
    running: 0,
    desired: 0,
    updateState: undefined,
    reason: 'the service was removed during the wait',
    failedTaskIds: [],
    stableSince: undefined,
    recheckAt: undefined,
  };
}
