import type { Remote } from '@swarmlift/remote';
import { defaultTimeoutMs } from './default-timeout.js';
import {
  type EngineEvent,
  type EngineEventStream,
  followEngineEvents,
  isRelevantEvent,
} from './engine-events.js';
import type { EngineNode, EngineService, EngineTask } from './engine-types.js';
import { StackWaiterError } from './errors.js';
import type { StackWaitEvent } from './events.js';
import { failedTaskDetails } from './failed-task-details.js';
import { judgeService, type Verdict } from './judge-service.js';
import { resolveTargets, type WaitTarget } from './resolve-targets.js';
import { serviceMode } from './service-mode.js';
import type {
  DeployRecordInput,
  FailedTask,
  ServiceWaitResult,
  StackWaitResult,
  StackWaitStatus,
} from './types.js';
import { validateWaitOptions } from './validate-options.js';

export interface WaitForStackOptions {
  /** The manager connection (`@swarmlift/remote`); only its `docker` is used. */
  remote: Pick<Remote, 'docker'>;
  /** Stack namespace (`com.docker.stack.namespace`). */
  stack: string;
  /** swarm-deployer's DeployRecord: judge only what this deploy created or updated. */
  record?: DeployRecordInput | undefined;
  /** Give up after this long (`timed_out`). Default: derived from the services' update/rollback config. */
  timeoutMs?: number | undefined;
  /** Only these services ("web" or "mystack_web"); each must exist. */
  services?: readonly string[] | undefined;
  /** A completed rollback counts as success (`ok: true`); the status stays `rolled_back`. */
  rollbackIsSuccess?: boolean | undefined;
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
  signal?: AbortSignal | undefined;
}

/** Re-reads after a container event: the manager learns a task's new state from its node a moment later. */
const FOLLOW_UP_DELAYS_MS = [100, 400, 1200];
const MAX_CONSECUTIVE_ENGINE_ERRORS = 3;
const FAILED_TASKS_REPORTED = 10;

interface Snapshot {
  services: Map<string, EngineService>;
  tasks: EngineTask[];
  upToDateTaskIds: ReadonlySet<string>;
  nodes: EngineNode[];
}

/**
 * Follows a stack deploy until every service it changed converged, or one
 * failed, rolled back, or the time ran out — driven by the engine's event
 * stream, with a slow periodic re-read as a safety net.
 */
export async function waitForStack(options: WaitForStackOptions): Promise<StackWaitResult> {
  const settings = validateWaitOptions(options);
  const { docker } = options.remote;
  const { signal } = options;
  const emit = (event: StackWaitEvent) => options.onEvent?.(event);
  throwIfAborted(signal);
  const started = Date.now();

  // Subscribe before the first read so nothing that happens in between is missed.
  let onEngineEvent: (event: EngineEvent) => void = () => {};
  let onStreamEnd: (error: Error | undefined) => void = () => {};
  const open = () =>
    followEngineEvents({
      docker,
      onEvent: (event) => onEngineEvent(event),
      onEnd: (error) => onStreamEnd(error),
    });
  let stream: EngineEventStream | undefined = await open().catch((error: unknown) => {
    throw engineError('open the event stream', error);
  });

  try {
    const stackServices = (await docker
      .listServices({
        filters: JSON.stringify({ label: [`com.docker.stack.namespace=${options.stack}`] }),
      })
      .catch((error: unknown) => {
        throw engineError('list the stack services', error);
      })) as unknown as EngineService[];
    const targets = resolveTargets({
      stack: options.stack,
      stackServices,
      record: options.record,
      only: options.services,
      sinceMs: settings.sinceMs,
    });
    const judged = targets.filter((t) => t.kind === 'judge');
    const timeoutMs =
      options.timeoutMs ??
      defaultTimeoutMs(stackServices.filter((s) => judged.some((t) => t.id === s.ID)));
    emit({
      type: 'watching',
      stack: options.stack,
      services: judged.map((t) => t.name),
      timeoutMs,
    });
    throwIfAborted(signal);

    return await new Promise<StackWaitResult>((resolve, reject) => {
      const watchedIds = new Set(judged.map((t) => t.id));
      // Untouched services are read too, for their task counts in the result.
      const readIds = targets.filter((t) => t.kind !== 'missing').map((t) => t.id);
      const verdicts = new Map<string, Verdict>();
      const taskStates = new Map<string, string>();
      let snapshot: Snapshot | undefined;
      let finished = false;
      let running = false;
      let again = false;
      let engineErrors = 0;
      let recheckTimerAt: number | undefined;
      const timers = new Set<NodeJS.Timeout>();

      const later = (ms: number, run: () => void) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          run();
        }, ms);
        timers.add(timer);
      };
      const cleanup = () => {
        finished = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        clearInterval(interval);
        signal?.removeEventListener('abort', onAbort);
        stream?.close();
        stream = undefined;
      };
      const fail = (error: unknown) => {
        if (finished) return;
        cleanup();
        reject(error);
      };
      const onAbort = () =>
        fail(
          new StackWaiterError({
            code: 'WAIT_ABORTED',
            message: `The wait for stack "${options.stack}" was cancelled.`,
            hint: 'The deploy goes on in the swarm; check it with `docker stack ps`.',
            cause: signal?.reason,
          }),
        );

      const finish = (status: StackWaitStatus) => {
        if (finished) return;
        cleanup();
        const at = Date.now();
        buildResult(status, at).then(resolve, reject);
      };

      const buildResult = async (status: StackWaitStatus, at: number): Promise<StackWaitResult> => {
        const services = await Promise.all(targets.map((target) => serviceResult(target)));
        return {
          stack: options.stack,
          status,
          ok: status === 'converged' || (status === 'rolled_back' && settings.rollbackIsSuccess),
          startedAt: new Date(started).toISOString(),
          finishedAt: new Date(at).toISOString(),
          durationMs: at - started,
          timeoutMs,
          services,
          pending: services.filter((s) => s.outcome === 'pending').map((s) => s.name),
        };
      };

      // A failed task's logs and health output are final: fetch them as soon as it fails,
      // so the result does not wait for them when the stack reaches its final state.
      const details = new Map<string, Promise<FailedTask>>();
      const fetchDetails = (serviceId: string, taskIds: readonly string[]) => {
        if (!snapshot) return [];
        const current = snapshot;
        return taskIds.slice(0, FAILED_TASKS_REPORTED).flatMap((taskId) => {
          const task = current.tasks.find((t) => t.ID === taskId);
          if (!task) return [];
          let pending = details.get(taskId);
          if (!pending) {
            pending = failedTaskDetails({
              docker,
              service: current.services.get(serviceId),
              tasks: [task],
              nodes: current.nodes,
              logTail: settings.logTail,
            }).then(([detail]) => detail as FailedTask);
            details.set(taskId, pending);
          }
          return [pending];
        });
      };

      const serviceResult = async (target: WaitTarget): Promise<ServiceWaitResult> => {
        const service = snapshot?.services.get(target.id);
        const verdict = verdicts.get(target.id);
        const tasks = snapshot?.tasks.filter((task) => task.ServiceID === target.id) ?? [];
        const failedTasks = verdict
          ? await Promise.all(fetchDetails(target.id, verdict.failedTaskIds))
          : [];
        const counts = verdict ?? unjudgedCounts(service, tasks);
        return {
          name: target.name,
          id: target.id,
          mode: service ? serviceMode(service) : 'replicated',
          outcome:
            target.kind === 'unchanged'
              ? 'unchanged'
              : target.kind === 'missing'
                ? 'failed'
                : (verdict?.outcome ?? 'pending'),
          running: counts.running,
          desired: counts.desired,
          updateState: verdict?.updateState,
          reason:
            target.kind === 'missing'
              ? 'the deploy record names this service, but it no longer exists'
              : verdict?.reason,
          failedTasks,
        };
      };

      const read = async (): Promise<Snapshot> => {
        const [services, nodes] = await Promise.all([
          Promise.all(
            readIds.map((id) =>
              docker
                .getService(id)
                .inspect()
                .catch((error: { statusCode?: number }) => {
                  if (error?.statusCode === 404) return undefined;
                  throw error;
                }),
            ),
          ),
          docker.listNodes(),
        ]);
        const byId = new Map<string, EngineService>();
        for (const service of services as unknown as (EngineService | undefined)[])
          if (service) byId.set(service.ID, service);
        // The engine refuses a task filter naming a service that is gone: ask only for those left.
        const ids = [...byId.keys()];
        const [tasks, upToDate] = ids.length
          ? await Promise.all([
              docker.listTasks({ filters: { service: ids } }),
              docker.listTasks({ filters: { service: ids, '_up-to-date': ['true'] } }),
            ])
          : [[], []];
        const current = new Set((upToDate as EngineTask[]).map((task) => task.ID));
        return {
          services: byId,
          tasks: tasks as unknown as EngineTask[],
          upToDateTaskIds: current,
          nodes: nodes as unknown as EngineNode[],
        };
      };

      const judgeAll = (now: number) => {
        if (!snapshot) return;
        const activeNodeIds = new Set(
          snapshot.nodes.filter((node) => node.Status?.State !== 'down').map((node) => node.ID),
        );
        const { upToDateTaskIds } = snapshot;
        let recheckAt: number | undefined;
        for (const target of judged) {
          const service = snapshot.services.get(target.id);
          const previous = verdicts.get(target.id);
          if (previous && previous.outcome !== 'pending') continue;
          const tasks = snapshot.tasks.filter((task) => task.ServiceID === target.id);
          const verdict: Verdict = service
            ? judgeService({
                service,
                tasks,
                upToDateTaskIds,
                activeNodeIds,
                expectation: target.expectation,
                now,
                stableSince: previous?.stableSince,
                maxTaskFailures: settings.maxTaskFailures,
              })
            : {
                outcome: 'failed',
                running: 0,
                desired: 0,
                updateState: undefined,
                reason: 'the service was removed during the wait',
                failedTaskIds: [],
                stableSince: undefined,
                recheckAt: undefined,
              };
          reportChanges(target.name, tasks, previous, verdict);
          verdicts.set(target.id, verdict);
          if (verdict.failedTaskIds.length) fetchDetails(target.id, verdict.failedTaskIds);
          if (verdict.recheckAt !== undefined)
            recheckAt = Math.min(recheckAt ?? Number.POSITIVE_INFINITY, verdict.recheckAt);
        }
        if (
          recheckAt !== undefined &&
          (recheckTimerAt === undefined || recheckAt < recheckTimerAt)
        ) {
          recheckTimerAt = recheckAt;
          later(Math.max(0, recheckAt - now), () => {
            recheckTimerAt = undefined;
            void reconcile();
          });
        }
      };

      const reportChanges = (
        name: string,
        tasks: EngineTask[],
        previous: Verdict | undefined,
        verdict: Verdict,
      ) => {
        if (verdict.updateState && verdict.updateState !== previous?.updateState) {
          const message = snapshot?.services.get(tasks[0]?.ServiceID ?? '')?.UpdateStatus?.Message;
          emit({
            type: 'service_update',
            service: name,
            state: verdict.updateState,
            message: message || undefined,
          });
        }
        for (const task of tasks) {
          const state = task.Status?.State ?? 'unknown';
          const seen = taskStates.get(task.ID);
          if (seen === state) continue;
          taskStates.set(task.ID, state);
          // Old tasks already shut down when the wait began are history, not progress.
          if (seen === undefined && task.DesiredState === 'shutdown' && previous === undefined)
            continue;
          emit({
            type: 'task_state',
            service: name,
            taskId: task.ID,
            slot: task.Slot,
            state,
            error: task.Status?.Err || undefined,
          });
        }
        if (previous?.running !== verdict.running || previous?.desired !== verdict.desired) {
          emit({
            type: 'replicas',
            service: name,
            running: verdict.running,
            desired: verdict.desired,
          });
        }
        if (verdict.outcome !== 'pending')
          emit({
            type: 'service_done',
            service: name,
            outcome: verdict.outcome,
            reason: verdict.reason,
          });
      };

      const decide = (): StackWaitStatus | undefined => {
        const all = judged.map((t) => verdicts.get(t.id));
        const missing = targets.some((t) => t.kind === 'missing');
        if (missing || all.some((v) => v?.outcome === 'failed')) return 'failed';
        const rolledBack = all.some((v) => v?.outcome === 'rolled_back');
        if (rolledBack && !settings.rollbackIsSuccess) return 'rolled_back';
        if (all.every((v) => v && v.outcome !== 'pending'))
          return rolledBack ? 'rolled_back' : 'converged';
        return undefined;
      };

      const reconcile = async (): Promise<void> => {
        if (finished) return;
        if (running) {
          again = true;
          return;
        }
        running = true;
        try {
          snapshot = await read();
          engineErrors = 0;
          if (finished) return;
          judgeAll(Date.now());
          const status = decide();
          if (status) finish(status);
        } catch (error) {
          engineErrors++;
          if (engineErrors >= MAX_CONSECUTIVE_ENGINE_ERRORS)
            fail(engineError('read the stack state', error));
          else later(1000, () => reconcile());
        } finally {
          running = false;
          if (again && !finished) {
            again = false;
            void reconcile();
          }
        }
      };

      onEngineEvent = (event) => {
        if (finished || !isRelevantEvent(event, watchedIds)) return;
        void reconcile();
        if (event.Type === 'container')
          for (const delay of FOLLOW_UP_DELAYS_MS) later(delay, () => reconcile());
      };
      onStreamEnd = (error) => {
        if (finished) return;
        stream = undefined;
        emit({ type: 'event_stream_lost', error: error?.message ?? 'the engine closed it' });
      };
      const interval = setInterval(() => {
        if (!stream && !finished) {
          open().then(
            (reopened) => {
              if (finished) reopened.close();
              else stream = reopened;
            },
            () => {},
          );
        }
        void reconcile();
      }, settings.reconcileIntervalMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      later(Math.max(0, started + timeoutMs - Date.now()), () => {
        // One last look: a service may have finished since the last event.
        void (async () => {
          while (running) await new Promise((r) => setTimeout(r, 10));
          if (finished) return;
          try {
            snapshot = await read();
            judgeAll(Date.now());
          } catch {
            // keep the last snapshot; the timeout stands
          }
          finish(decide() ?? 'timed_out');
        })();
      });
      void reconcile();
    });
  } catch (error) {
    stream?.close();
    throw error;
  }
}

function unjudgedCounts(service: EngineService | undefined, tasks: EngineTask[]) {
  const running = tasks.filter(
    (task) => task.DesiredState === 'running' && task.Status?.State === 'running',
  ).length;
  const desired = service?.Spec.Mode?.Replicated?.Replicas ?? running;
  return { running, desired };
}

function throwIfAborted(signal: AbortSignal | undefined) {
  if (signal?.aborted) {
    throw new StackWaiterError({
      code: 'WAIT_ABORTED',
      message: 'The wait was cancelled before it started.',
      hint: 'The signal passed in was already aborted.',
      cause: signal.reason,
    });
  }
}

function engineError(what: string, error: unknown): StackWaiterError {
  if (StackWaiterError.isInstance(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StackWaiterError({
    code: 'ENGINE_ERROR',
    message: `Could not ${what}: ${reason}`,
    hint: 'Check that the Docker engine answers and is a swarm manager (`docker node ls`).',
    cause: error,
  });
}
