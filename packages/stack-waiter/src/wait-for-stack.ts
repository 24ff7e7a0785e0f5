import type { SwarmliftError } from '@swarmlift/core';
import type { DockerRemote } from '@swarmlift/remote';
import { buildResult } from './build-result.js';
import { defaultTimeoutMs } from './default-timeout.js';
import { EngineEventFeed, isRelevantEvent } from './engine-events.js';
import { engineFailure, throwIfCancelled as throwIfCancelledWith } from './engine-failure.js';
import type { StackSnapshot } from './engine-types.js';
import { StackNotConvergedError } from './errors.js';
import type { StackWaitEvent } from './events.js';
import { FailedTaskDetails } from './failed-task-details.js';
import type { JudgedTarget } from './judge-stack.js';
import { listStackServices, readSnapshot } from './read-snapshot.js';
import { resolveTargets } from './resolve-targets.js';
import type { DeployRecordInput, StackWaitResult, StackWaitStatus } from './types.js';
import { validateWaitOptions } from './validate-options.js';
import { initialWaitState, waitStep } from './wait-step.js';
import { WakeUp } from './wake-up.js';

export interface WaitForStackOptions {
  /** The manager connection (`connect()` of `@swarmlift/remote`); only its `docker` is used. */
  remote: DockerRemote;
  /** Stack namespace (`com.docker.stack.namespace`). */
  stack: string;
  /** swarm-deployer's DeployRecord: judge only what this deploy created or updated. */
  record?: DeployRecordInput | undefined;
  /**
   * Give up after this long: the result is then `timed_out` (not an error).
   * Default: derived from the services' update/rollback config.
   */
  timeoutMs?: number | undefined;
  /** Only these services ("web" or "mystack_web"); each must exist. */
  services?: readonly string[] | undefined;
  /** A completed rollback counts as success (`ok: true`); the status stays `rolled_back`. */
  rollbackIsSuccess?: boolean | undefined;
  /**
   * Reject with `StackNotConvergedError` (code `WAIT_NOT_CONVERGED`, the
   * result on `error.result`) unless the result is ok, so a script handles a
   * failed deploy like any other error. Default false: the result says it.
   */
  reject?: boolean | undefined;
  /**
   * Without a record: update states that started before this time (the
   * engine's clock) belong to an earlier deploy and are ignored.
   */
  since?: string | Date | undefined;
  /** Failed tasks of this deploy that fail a service Swarm does not pause or roll back itself. Default 3. */
  maxTaskFailures?: number | undefined;
  /** The safety-net re-read when no event arrives. Default 5000 ms. */
  reconcileIntervalMs?: number | undefined;
  /** Log lines kept per failed task. Default 50. */
  logTail?: number | undefined;
  onEvent?: ((event: StackWaitEvent) => void) | undefined;
  /** Cancels the wait: rejects with core's `CancelledError`; the deploy goes on in the swarm. */
  signal?: AbortSignal | undefined;
}

/** Re-reads after a container event: the manager learns a task's new state from its node a moment later. */
const FOLLOW_UP_DELAYS_MS = [100, 400, 1200];
const MAX_CONSECUTIVE_ENGINE_ERRORS = 3;
const RETRY_AFTER_ENGINE_ERROR_MS = 1000;
/** The last read after the time ran out, and the failed tasks' logs, may take this much longer. */
const FINAL_READ_MS = 5000;

/**
 * Follows a stack deploy until every service it changed converged, or one
 * failed, rolled back, or the time ran out — driven by the engine's event
 * stream, with a slow periodic re-read as a safety net.
 *
 * A thin loop: read a snapshot (`readSnapshot`, engine calls only), take a
 * pure step (`waitStep`: judge each service, derive the events, decide the
 * stack's status), report, and sleep until an event, a follow-up or the next
 * re-read is due (`WakeUp`).
 */
export async function waitForStack(options: WaitForStackOptions): Promise<StackWaitResult> {
  const settings = validateWaitOptions(options);
  const { stack } = settings;
  const { docker } = options.remote;
  const { signal } = options;
  const emit = (event: StackWaitEvent) => options.onEvent?.(event);
  throwIfCancelled(signal, stack);
  const startedMs = Date.now();

  const wake = new WakeUp();
  let watchedIds: ReadonlySet<string> = new Set();
  // Subscribe before the first read so nothing that happens in between is missed.
  const feed = new EngineEventFeed({
    docker,
    signal,
    onEvent: (event) => {
      if (!isRelevantEvent(event, watchedIds)) return;
      wake.now();
      if (event.Type === 'container')
        for (const delay of FOLLOW_UP_DELAYS_MS) wake.at(Date.now() + delay);
    },
    onLost: (error) => {
      // A cancelled wait ends the stream itself: nothing is lost.
      if (signal?.aborted) return;
      emit({
        type: 'warning',
        code: 'WAIT_EVENT_STREAM_LOST',
        stack,
        message: `The engine's event stream was lost (${error?.message ?? 'the engine closed it'}); re-reading every ${settings.reconcileIntervalMs} ms until it is reopened.`,
      });
    },
  });
  await feed.open().catch((error: unknown) => {
    throw engineError('open the event stream', error, signal, stack);
  });

  try {
    const stackServices = await listStackServices({ docker, stack, signal }).catch(
      (error: unknown) => {
        throw engineError('list the stack services', error, signal, stack);
      },
    );
    const targets = resolveTargets({
      stack,
      stackServices,
      record: options.record,
      only: options.services,
      sinceMs: settings.sinceMs,
    });
    const judged = targets.filter((t): t is JudgedTarget => t.kind === 'judge');
    watchedIds = new Set(judged.map((t) => t.id));
    const timeoutMs =
      options.timeoutMs ?? defaultTimeoutMs(stackServices.filter((s) => watchedIds.has(s.ID)));
    const deadline = startedMs + timeoutMs;
    emit({ type: 'watching', stack, services: judged.map((t) => t.name), timeoutMs });
    throwIfCancelled(signal, stack);

    // Untouched services are read too, for their task counts in the result.
    const readIds = targets.filter((t) => t.kind !== 'missing').map((t) => t.id);
    const details = new FailedTaskDetails({
      docker,
      logTail: settings.logTail,
      signal: anySignal(signal, timeoutMs + FINAL_READ_MS),
    });
    let snapshot: StackSnapshot | undefined;
    let state = initialWaitState;
    let engineErrors = 0;
    let lastReopenMs = startedMs;
    let status: StackWaitStatus | undefined;

    while (status === undefined) {
      const last = Date.now() >= deadline;
      if (feed.lost && Date.now() - lastReopenMs >= settings.reconcileIntervalMs) {
        lastReopenMs = Date.now();
        feed.reopen();
      }
      const read = await readSnapshot({
        docker,
        serviceIds: readIds,
        signal: anySignal(signal, last ? FINAL_READ_MS : deadline - Date.now()),
      }).catch((error: unknown) => {
        throwIfCancelled(signal, stack);
        // A read cut short by the deadline is not the engine's failure.
        if (!last && Date.now() < deadline) {
          engineErrors++;
          if (engineErrors >= MAX_CONSECUTIVE_ENGINE_ERRORS)
            throw engineError('read the stack state', error, signal, stack);
          wake.at(Date.now() + RETRY_AFTER_ENGINE_ERROR_MS);
        }
        return undefined;
      });
      if (read) {
        snapshot = read;
        engineErrors = 0;
        const step = waitStep({
          stack,
          snapshot,
          targets,
          state,
          now: Date.now(),
          maxTaskFailures: settings.maxTaskFailures,
          rollbackIsSuccess: settings.rollbackIsSuccess,
        });
        state = step.state;
        for (const event of step.events) emit(event);
        // A failed task's logs are final: fetch them now, not when the wait ends.
        for (const [serviceId, verdict] of state.verdicts)
          if (verdict.failedTaskIds.length)
            details.of(snapshot, serviceId, verdict.failedTaskIds).catch(() => {});
        if (step.recheckAt !== undefined) wake.at(step.recheckAt);
        status = step.status;
      }
      if (status === undefined && last) status = 'timed_out';
      if (status !== undefined) break;
      await wake.until(Math.min(deadline, Date.now() + settings.reconcileIntervalMs), signal);
      throwIfCancelled(signal, stack);
    }

    const finishedMs = Date.now();
    feed.close();
    const finalSnapshot = snapshot;
    const services = await Promise.all(
      targets.map(async (target) => {
        const verdict = state.verdicts.get(target.id);
        const failedTasks =
          verdict && finalSnapshot
            ? await details.of(finalSnapshot, target.id, verdict.failedTaskIds)
            : [];
        return { target, verdict, failedTasks };
      }),
    );
    throwIfCancelled(signal, stack);
    const result = buildResult({
      stack,
      status,
      rollbackIsSuccess: settings.rollbackIsSuccess,
      startedMs,
      finishedMs,
      timeoutMs,
      snapshot,
      services,
      lostNodes: [...state.lostNodes.values()],
    });
    if (options.reject === true && !result.ok) throw new StackNotConvergedError(result);
    return result;
  } finally {
    feed.close();
  }
}

/** The caller's signal, ending also after `ms`. */
function anySignal(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(Math.min(Math.max(1, Math.ceil(ms)), 2 ** 31 - 1));
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function throwIfCancelled(signal: AbortSignal | undefined, stack: string): void {
  throwIfCancelledWith(
    signal,
    `The wait for stack "${stack}" was cancelled.`,
    'The deploy goes on in the swarm; follow it with `docker stack ps` or wait again.',
  );
}

/** An engine failure as this package's error; the caller's cancellation and own errors pass through. */
function engineError(
  what: string,
  error: unknown,
  signal: AbortSignal | undefined,
  stack: string,
): SwarmliftError {
  throwIfCancelled(signal, stack);
  return engineFailure(`${what} of stack "${stack}"`, error);
}
