import { decideStatus } from './decide-status.js';
import { deriveEvents } from './derive-events.js';
import type { StackSnapshot } from './engine-types.js';
import type { StackWaitEvent } from './events.js';
import type { Verdict } from './judge-service.js';
import { type JudgedTarget, judgeStack } from './judge-stack.js';
import { findLostNodes, trackLostNodes } from './lost-nodes.js';
import type { WaitTarget } from './resolve-targets.js';
import type { LostNode, StackWaitStatus } from './types.js';

/** What the wait remembers between two reads. */
export interface WaitState {
  /** Each judged service's verdict, by service ID. */
  verdicts: ReadonlyMap<string, Verdict>;
  /** Each task's state last reported, by task ID. */
  taskStates: ReadonlyMap<string, string>;
  /** Nodes lost during the wait while holding tasks of a judged service, by node ID. */
  lostNodes: ReadonlyMap<string, LostNode>;
}

export const initialWaitState: WaitState = {
  verdicts: new Map(),
  taskStates: new Map(),
  lostNodes: new Map(),
};

export interface WaitStep {
  state: WaitState;
  /** Progress to report, in order. */
  events: StackWaitEvent[];
  /** Look again at this time although no event arrives (end of a monitor period). */
  recheckAt: number | undefined;
  /** The stack's status once final; `undefined` while the wait goes on. */
  status: StackWaitStatus | undefined;
}

/**
 * One step of the wait, from one snapshot: judge the services, derive the
 * events, decide the stack's status. Pure: the loop in `waitForStack` reads
 * the engine, calls this, reports and sleeps.
 */
export function waitStep(input: {
  stack: string;
  snapshot: StackSnapshot;
  targets: readonly WaitTarget[];
  state: WaitState;
  /** Local clock, epoch ms. */
  now: number;
  maxTaskFailures: number;
  rollbackIsSuccess: boolean;
}): WaitStep {
  const { snapshot, targets, state } = input;
  const judged = targets.filter((t): t is JudgedTarget => t.kind === 'judge');
  const judgement = judgeStack({
    snapshot,
    targets: judged,
    previous: state.verdicts,
    now: input.now,
    maxTaskFailures: input.maxTaskFailures,
  });
  const derived = deriveEvents({
    stack: input.stack,
    snapshot,
    targets: judged,
    previous: state.verdicts,
    verdicts: judgement.verdicts,
    taskStates: state.taskStates,
  });
  // A lost node is reported before what it does to the services.
  const nodes = trackLostNodes({
    stack: input.stack,
    previous: state.lostNodes,
    current: findLostNodes({
      nodes: snapshot.nodes,
      tasks: snapshot.tasks,
      serviceNames: new Map(judged.map((target) => [target.id, target.name])),
    }),
    nodes: snapshot.nodes,
  });
  return {
    state: {
      verdicts: judgement.verdicts,
      taskStates: derived.taskStates,
      lostNodes: nodes.lostNodes,
    },
    events: [...nodes.events, ...derived.events],
    recheckAt: judgement.recheckAt,
    status: decideStatus({
      targets,
      verdicts: judgement.verdicts,
      rollbackIsSuccess: input.rollbackIsSuccess,
    }),
  };
}
