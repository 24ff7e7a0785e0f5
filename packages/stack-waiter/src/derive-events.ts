import type { EngineTask, StackSnapshot } from './engine-types.js';
import type { StackWaitEvent, TaskStateEvent } from './events.js';
import type { Verdict } from './judge-service.js';
import type { JudgedTarget } from './judge-stack.js';

const ENDED_STATES = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove']);

/**
 * The progress events one judgement adds, in order per service: the update
 * state when it changed, each task whose state changed, the counts when they
 * changed, and the outcome once final. Pure: `taskStates` (task ID → state
 * last reported) comes in and the updated copy goes out.
 */
export function deriveEvents(input: {
  stack: string;
  snapshot: StackSnapshot;
  targets: readonly JudgedTarget[];
  /** Verdicts before this judgement. */
  previous: ReadonlyMap<string, Verdict>;
  /** Verdicts after it. */
  verdicts: ReadonlyMap<string, Verdict>;
  taskStates: ReadonlyMap<string, string>;
}): { events: StackWaitEvent[]; taskStates: Map<string, string> } {
  const { stack, snapshot } = input;
  const hostnames = new Map(snapshot.nodes.map((node) => [node.ID, node.Description?.Hostname]));
  const taskStates = new Map(input.taskStates);
  const events: StackWaitEvent[] = [];
  for (const target of input.targets) {
    const before = input.previous.get(target.id);
    const verdict = input.verdicts.get(target.id);
    // Only what was judged now: a final verdict is not reported twice.
    if (!verdict || (before && before.outcome !== 'pending')) continue;
    const service = target.name;
    if (verdict.updateState && verdict.updateState !== before?.updateState) {
      const message = snapshot.services.get(target.id)?.UpdateStatus?.Message;
      events.push({
        type: 'service_update',
        stack,
        service,
        state: verdict.updateState,
        message: message || undefined,
      });
    }
    for (const task of snapshot.tasks) {
      if (task.ServiceID !== target.id) continue;
      const state = task.Status?.State ?? 'unknown';
      const seen = taskStates.get(task.ID);
      if (seen === state) continue;
      taskStates.set(task.ID, state);
      // Old tasks already shut down when the wait began are history, not progress.
      if (seen === undefined && task.DesiredState === 'shutdown' && before === undefined) continue;
      events.push(taskStateEvent({ stack, service, task, state, hostnames }));
    }
    if (before?.running !== verdict.running || before?.desired !== verdict.desired)
      events.push({
        type: 'replicas',
        stack,
        service,
        running: verdict.running,
        desired: verdict.desired,
      });
    if (verdict.outcome !== 'pending')
      events.push({
        type: 'service_done',
        stack,
        service,
        outcome: verdict.outcome,
        reason: verdict.reason,
      });
  }
  return { events, taskStates };
}

function taskStateEvent(input: {
  stack: string;
  service: string;
  task: EngineTask;
  state: string;
  hostnames: ReadonlyMap<string, string | undefined>;
}): TaskStateEvent {
  const { task, state } = input;
  return {
    type: 'task_state',
    stack: input.stack,
    service: input.service,
    taskId: task.ID,
    slot: task.Slot,
    node: task.NodeID ? input.hostnames.get(task.NodeID) : undefined,
    state,
    desiredState: task.DesiredState ?? 'unknown',
    message: task.Status?.Message || undefined,
    error: task.Status?.Err || undefined,
    exitCode: ENDED_STATES.has(state) ? task.Status?.ContainerStatus?.ExitCode : undefined,
  };
}
