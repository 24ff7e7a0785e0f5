import {
  checkFunction,
  checkSignal,
  checkStackName,
  checkTimeoutMs,
  mapLimit,
  OptionsError,
  stackFilter,
  withDeadline,
} from '@swarmlift/core';
import type { DockerRemote } from '@swarmlift/remote';
import { engineFailure, throwIfCancelled } from './engine-failure.js';
import type { EngineNode, EngineService, EngineTask } from './engine-types.js';
import { findStackService } from './find-stack-service.js';
import { LogLineSplitter, orderByTime } from './log-frames.js';
import { parseServiceLogLine } from './service-log-line.js';

/** One line a task of the service wrote, with where it comes from. */
export interface ServiceLogLine {
  /** Full service name, e.g. `shop_web`. */
  service: string;
  taskId: string | undefined;
  /** Replica slot (replicated services). */
  slot: number | undefined;
  nodeId: string | undefined;
  /** The node's host name, when known. */
  node: string | undefined;
  stream: 'stdout' | 'stderr';
  /** RFC 3339 (nanoseconds) by the engine's clock. */
  time: string | undefined;
  /** The line as written, without its line break. Not redacted: the caller redacts. */
  text: string;
}

export interface StreamServiceLogsOptions {
  /** The manager connection (`connect()` of `@swarmlift/remote`); only its `docker` is used. */
  remote: DockerRemote;
  stack: string;
  /** The service as the compose file names it (`web`) or in full (`shop_web`). */
  service: string;
  /** Keep streaming new lines until `signal` aborts. Default false. */
  follow?: boolean | undefined;
  /** Only lines written at or after this time. */
  since?: Date | undefined;
  /** Only the last `tail` lines of each task. Default: all. */
  tail?: number | undefined;
  /** Called for each line, in order. */
  onLine: (line: ServiceLogLine) => void;
  /** Stops: the call rejects with core's CancelledError once the stream is closed. */
  signal?: AbortSignal | undefined;
  /** For finding the service and opening the stream (not for following it). Default 30 s. */
  timeoutMs?: number | undefined;
}

export interface StreamServiceLogsResult {
  /** Full service name. */
  service: string;
  /** Lines passed to `onLine`. */
  lines: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Task log reads in flight at once (each is one request through the SSH session). */
const TASK_READS_AT_ONCE = 8;

/** A line as read, before its time and details are taken off. */
interface RawLine {
  stream: ServiceLogLine['stream'];
  text: string;
  /** The task it was read from (per-task reads). */
  taskId?: string | undefined;
}

/** A task's lines (`GET /tasks/{id}/logs`); none when the engine no longer has its container. */
async function readTaskLines(
  docker: DockerRemote['docker'],
  task: EngineTask,
  query: object,
  tty: boolean,
  signal: AbortSignal | undefined,
): Promise<RawLine[]> {
  const handle = docker.getTask(task.ID) as unknown as {
    logs(options: object): Promise<Buffer | NodeJS.ReadableStream>;
  };
  let answer: Buffer | NodeJS.ReadableStream;
  try {
    answer = await handle.logs({
      ...query,
      follow: false,
      ...(signal ? { abortSignal: signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return [];
  }
  const splitter = new LogLineSplitter(tty);
  const lines: RawLine[] = [];
  if (Buffer.isBuffer(answer)) lines.push(...splitter.push(answer));
  else for await (const chunk of answer) lines.push(...splitter.push(chunk as Buffer));
  lines.push(...splitter.end());
  return lines.map((line) => ({ ...line, taskId: task.ID }));
}

/**
 * A service's logs through the manager (tasks on every node), each line with
 * its task's slot and node. Without `follow` each task's logs are read
 * (`GET /tasks/{id}/logs`) and put together in the order they were written;
 * with it the service's stream (`GET /services/{id}/logs?follow=1`) is read
 * as it arrives, until `signal`.
 */
export async function streamServiceLogs(
  options: StreamServiceLogsOptions,
): Promise<StreamServiceLogsResult> {
  const settings = checkOptions(options);
  const { stack, signal } = settings;
  const { docker } = options.remote;
  const cancelled = () =>
    throwIfCancelled(signal, `Reading the logs of ${options.service} was stopped.`, '');
  cancelled();
  const deadline = withDeadline({
    signal,
    timeoutMs: settings.timeoutMs,
    what: `opening the logs of ${options.service} in stack ${stack}`,
  });
  const abort = (s: AbortSignal | undefined) => (s ? { abortSignal: s } : {});
  let service: EngineService;
  let nodes: EngineNode[];
  let tasks: EngineTask[];
  /** Following: the service's stream; otherwise each task's whole answer, as lines. */
  let stream: NodeJS.ReadableStream | undefined;
  let written: RawLine[] = [];
  try {
    const [services, nodeList] = (await Promise.all([
      docker.listServices({ filters: stackFilter(stack), ...abort(deadline.signal) }),
      docker.listNodes(abort(deadline.signal)),
    ])) as unknown as [EngineService[], EngineNode[]];
    nodes = nodeList;
    service = findStackService(stack, services, options.service);
    const tty = service.Spec.TaskTemplate?.ContainerSpec as { TTY?: boolean } | undefined;
    settings.tty = tty?.TTY === true;
    const query = {
      stdout: true,
      stderr: true,
      details: true,
      timestamps: true,
      ...(settings.since ? { since: settings.since.getTime() / 1000 } : {}),
      ...(settings.tail !== undefined ? { tail: settings.tail } : {}),
    };
    const listTasks = () =>
      docker.listTasks({
        filters: { service: [service.ID] },
        ...abort(deadline.signal),
      }) as unknown as Promise<EngineTask[]>;
    if (settings.follow) {
      const logs = docker.getService(service.ID) as unknown as {
        logs(options: object): Promise<NodeJS.ReadableStream>;
      };
      // Following outlives the deadline: only the caller's signal ends it.
      [stream, tasks] = await Promise.all([
        logs.logs({ ...query, follow: true, ...abort(signal) }),
        listTasks(),
      ]);
    } else {
      // Each task on its own: Docker 20.10's service-wide answer without
      // follow sometimes never ends (`docker service logs` hangs too), a
      // task's always does.
      tasks = await listTasks();
      const perTask = await mapLimit(tasks, TASK_READS_AT_ONCE, (task) =>
        readTaskLines(docker, task, query, settings.tty, deadline.signal),
      );
      written = perTask.flat();
    }
  } catch (error) {
    cancelled();
    if (deadline.signal?.aborted && deadline.signal.reason instanceof Error)
      throw deadline.signal.reason;
    throw engineFailure(`read the logs of ${options.service} in stack "${stack}"`, error);
  } finally {
    deadline.dispose();
  }

  const name = service.Spec.Name ?? service.ID;
  const hostnames = new Map(nodes.map((node) => [node.ID, node.Description?.Hostname]));
  const slots = new Map(tasks.map((task) => [task.ID, task.Slot]));
  const asked = new Set<string>();
  /** A task that started after the stream opened: read the service's tasks again, once per task. */
  const slotOf = async (taskId: string | undefined) => {
    if (!taskId) return undefined;
    if (!slots.has(taskId) && !asked.has(taskId)) {
      asked.add(taskId);
      try {
        const fresh = (await docker.listTasks({
          filters: { service: [service.ID] },
          ...abort(signal),
        })) as unknown as EngineTask[];
        for (const task of fresh) slots.set(task.ID, task.Slot);
      } catch {
        // The line is still worth showing without its slot.
      }
    }
    return slots.get(taskId) || undefined;
  };
  let count = 0;
  const emit = async (raw: RawLine) => {
    const parsed = parseServiceLogLine(raw.text);
    parsed.taskId ??= raw.taskId;
    const slot = await slotOf(parsed.taskId);
    count++;
    options.onLine({
      service: name,
      taskId: parsed.taskId,
      slot,
      nodeId: parsed.nodeId,
      node: parsed.nodeId ? hostnames.get(parsed.nodeId) : undefined,
      stream: raw.stream,
      time: parsed.time,
      text: parsed.text,
    });
  };

  if (!stream) {
    // Every task's lines, put back in the order they were written.
    for (const line of orderByTime(written)) await emit(line);
    return { service: name, lines: count };
  }
  await pump(stream, new LogLineSplitter(settings.tty), emit, signal);
  cancelled();
  return { service: name, lines: count };
}

/** Feeds the stream's lines to `emit` one at a time, in order, until it ends or `signal` aborts. */
function pump(
  stream: NodeJS.ReadableStream,
  splitter: LogLineSplitter,
  emit: (line: RawLine) => Promise<void>,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let chain = Promise.resolve();
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      (stream as { destroy?: () => void }).destroy?.();
      chain.then(
        () => (error === undefined ? resolve() : reject(error)),
        (failure: unknown) => reject(failure),
      );
    };
    const queue = (lines: RawLine[]) => {
      for (const line of lines)
        chain = chain.then(() => (settled && signal?.aborted ? undefined : emit(line)));
    };
    const onAbort = () => finish();
    if (signal?.aborted) return finish();
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => queue(splitter.push(chunk)));
    stream.on('end', () => {
      queue(splitter.end());
      finish();
    });
    stream.on('error', (error: unknown) => {
      if (signal?.aborted) finish();
      else finish(engineFailure('read the log stream', error));
    });
  });
}

interface LogSettings {
  stack: string;
  follow: boolean;
  since: Date | undefined;
  tail: number | undefined;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  tty: boolean;
}

function checkOptions(options: StreamServiceLogsOptions): LogSettings {
  const invalid = (field: string, message: string, hint: string) =>
    new OptionsError({ field, message, hint });
  if (!options || typeof options !== 'object')
    throw invalid(
      'options',
      'missing',
      'Call streamServiceLogs({ remote, stack, service, onLine }).',
    );
  if (!options.remote?.docker)
    throw invalid(
      'remote',
      'missing or without a docker client',
      'Pass the Remote returned by connect() from @swarmlift/remote.',
    );
  const stack = checkStackName(options.stack, 'stack');
  if (typeof options.service !== 'string' || options.service.trim() === '')
    throw invalid('service', 'missing', 'Name the service as in the compose file ("web").');
  if (typeof options.onLine !== 'function')
    throw invalid('onLine', 'missing', 'Pass a function that receives each line.');
  checkFunction(options.onLine, 'onLine');
  checkSignal(options.signal);
  const since = options.since;
  if (since !== undefined && !(since instanceof Date && !Number.isNaN(since.getTime())))
    throw invalid(
      'since',
      'is not a valid Date',
      'Pass a Date, e.g. new Date(Date.now() - 600_000).',
    );
  const tail = options.tail;
  if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0))
    throw invalid('tail', `${tail} is not a whole number ≥ 0`, 'Leave it out for every line.');
  return {
    stack,
    follow: options.follow === true,
    since,
    tail,
    signal: options.signal,
    timeoutMs: checkTimeoutMs(options.timeoutMs) ?? DEFAULT_TIMEOUT_MS,
    tty: false,
  };
}
