import {
  checkSignal,
  checkStackName,
  checkTimeoutMs,
  OptionsError,
  stackFilter,
  withDeadline,
} from '@swarmlift/core';
import type { DockerRemote } from '@swarmlift/remote';
import { engineFailure, throwIfCancelled } from './engine-failure.js';
import type { EngineNode, EngineService, EngineTask } from './engine-types.js';
import { isOneOffService } from './resolve-targets.js';
import { judgeServiceStatus, type ServiceStatus } from './service-status.js';

export interface ReadStackStatusOptions {
  /** The manager connection (`connect()` of `@swarmlift/remote`); only its `docker` is used. */
  remote: DockerRemote;
  /** Stack namespace (`com.docker.stack.namespace`). */
  stack: string;
  signal?: AbortSignal | undefined;
  /** Default 30 s; core's TimedOutError past it. */
  timeoutMs?: number | undefined;
}

/** The stack as it is now. */
export interface StackStatus {
  stack: string;
  /** The stack's services by name; one-off jobs (the migrator's) are left out. Empty: no such stack here. */
  services: ServiceStatus[];
  /** Every service is ok (and there is at least one). */
  ok: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * One look at a stack: each service's image, running/desired tasks, update
 * state and newest task error. Four engine requests in parallel (services,
 * tasks, nodes, the engine's clock), so it answers in one round trip; nothing
 * waits or follows.
 */
export async function readStackStatus(options: ReadStackStatusOptions): Promise<StackStatus> {
  if (!options?.remote?.docker)
    throw new OptionsError({
      field: 'remote',
      message: 'missing or without a docker client',
      hint: 'Pass the Remote returned by connect() from @swarmlift/remote.',
    });
  const stack = checkStackName(options.stack, 'stack');
  checkSignal(options.signal);
  const timeoutMs = checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;
  const cancelled = () =>
    throwIfCancelled(
      options.signal,
      `Reading the status of stack "${stack}" was cancelled.`,
      'Nothing was changed; run it again.',
    );
  cancelled();
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs,
    what: `reading the status of stack ${stack}`,
  });
  const { docker } = options.remote;
  const filters = stackFilter(stack);
  const abort = deadline.signal ? { abortSignal: deadline.signal } : {};
  try {
    const [services, tasks, nodes, info] = (await Promise.all([
      docker.listServices({ filters, ...abort }),
      docker.listTasks({ filters, ...abort }),
      docker.listNodes(abort),
      // The engine's clock, to judge how recent a task failure is (the runner's may differ).
      // dockerode's typings omit info's options; it does take abortSignal.
      (docker.info as (options: typeof abort) => Promise<unknown>)(abort),
    ])) as unknown as [EngineService[], EngineTask[], EngineNode[], { SystemTime?: string }];
    const now = Date.parse(info?.SystemTime ?? '') || undefined;
    return stackStatusOf(stack, services, tasks, nodes, now);
  } catch (error) {
    cancelled();
    if (deadline.signal?.aborted) throw throwable(deadline.signal.reason, error);
    throw engineFailure(`read the status of stack "${stack}"`, error);
  } finally {
    deadline.dispose();
  }
}

/** Judges every service of the stack but one-off jobs, sorted by name. Pure. */
export function stackStatusOf(
  stack: string,
  services: readonly EngineService[],
  tasks: readonly EngineTask[],
  nodes: readonly EngineNode[],
  /** The engine's clock (ms), for recent task failures; see judgeServiceStatus. */
  now?: number | undefined,
): StackStatus {
  const judged = services
    .filter((service) => !isOneOffService(service))
    .map((service) => judgeServiceStatus({ service, tasks, nodes, now }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { stack, services: judged, ok: judged.length > 0 && judged.every((s) => s.ok) };
}

/** The deadline's own TimedOutError rather than the engine's abort error. */
function throwable(reason: unknown, fallback: unknown): unknown {
  return reason instanceof Error ? reason : fallback;
}
