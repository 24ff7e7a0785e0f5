import type { Readable } from 'node:stream';
import { engineMessage, raceAbort } from '@swarmlift/core';
import type Docker from 'dockerode';
import { localNodeId } from './engine-node.js';
import type { LogCollector } from './log-collector.js';

/** Where the complete log of a finished task is read from. */
export type CompleteLogSource = 'container' | 'service';

/**
 * On the node this API runs on, the container's own log is one local read;
 * elsewhere (or without a container ID) it goes through Swarm's log broker
 * (manager → agent), which takes ~100 ms longer. Pure.
 */
export function completeLogSource(input: {
  containerId: string | undefined;
  taskNodeId: string | undefined;
  localNodeId: string | undefined;
}): CompleteLogSource {
  return input.containerId !== undefined &&
    input.taskNodeId !== undefined &&
    input.taskNodeId === input.localNodeId
    ? 'container'
    : 'service';
}

export interface JobLogsOptions {
  docker: Docker;
  service: Docker.Service;
  logs: LogCollector;
  signal: AbortSignal;
}

/**
 * The logs of a job: followed live while the task runs, then completed with
 * one read of the task's whole log, so no line is lost between the followed
 * stream and the end of the task.
 */
export class JobLogs {
  private stream: Readable | undefined;

  constructor(private readonly options: JobLogsOptions) {}

  /**
   * Starts following. Logs are a bonus to the exit code: a log driver that
   * cannot be read (e.g. awslogs) must not fail the run, so this resolves with
   * the reason instead of rejecting (unless the run was stopped).
   */
  async follow(): Promise<{ reason: string } | undefined> {
    const { service, logs, signal } = this.options;
    try {
      this.stream = await raceAbort(
        service.logs({ follow: true, stdout: true, stderr: true }) as unknown as Promise<Readable>,
        signal,
      );
    } catch (error) {
      if (signal.aborted) throw error;
      return { reason: engineMessage(error) };
    }
    this.stream.on('data', (chunk: Buffer) => logs.push(chunk));
    this.stream.on('error', () => {}); // destroyed on purpose below; the complete read covers any gap
    return undefined;
  }

  /**
   * Stops following and, when the task ran (`read` given) and the logs could
   * be followed, adds what the followed stream had not delivered yet.
   */
  async finish(
    read: { containerId: string | undefined; taskNodeId: string | undefined } | undefined,
  ): Promise<void> {
    const { docker, service, logs, signal } = this.options;
    const already = logs.received();
    const followed = this.stream !== undefined;
    this.stop();
    logs.discardPartial();
    if (followed && read) {
      const source = completeLogSource({
        ...read,
        localNodeId: read.containerId ? await localNodeId(docker) : undefined,
      });
      const request =
        source === 'container'
          ? docker
              .getContainer(read.containerId as string)
              .logs({ follow: false, stdout: true, stderr: true })
          : service.logs({ follow: false, stdout: true, stderr: true });
      const complete = await raceAbort(request as unknown as Promise<Buffer>, signal);
      logs.fillFrom(Buffer.isBuffer(complete) ? complete : Buffer.from(String(complete)), already);
    }
    logs.flush();
  }

  /** Stops following (idempotent). */
  stop(): void {
    this.stream?.destroy();
  }
}
