import type { ServiceLogLine } from '@swarmlift/stack-waiter';

/**
 * Where a line comes from, as `docker service logs` shows it:
 * `django.1@manager-1` (replicated), `agent@worker-2` (global: no slot),
 * with `--task` the task id too: `django.1.kvojy7xgseqa@manager-1`.
 */
export function logLinePrefix(
  line: Pick<ServiceLogLine, 'slot' | 'node' | 'nodeId' | 'taskId'>,
  name: string,
  withTask: boolean,
): string {
  const slot = line.slot ? `.${line.slot}` : '';
  const task = withTask && line.taskId ? `.${line.taskId.slice(0, 12)}` : '';
  const node = line.node ?? line.nodeId?.slice(0, 12);
  return `${name}${slot}${task}${node ? `@${node}` : ''}`;
}

/** One line for people: the prefix padded to `width`, a bar, the text. */
export function formatLogLine(prefix: string, width: number, text: string): string {
  return `${prefix.padEnd(width)} | ${text}`;
}

/** One line of `logs --json`: every field, always present (`null` when unknown). */
export function logLineRecord(
  line: ServiceLogLine,
  name: string,
): Record<string, unknown> & {
  type: 'log';
} {
  return {
    type: 'log',
    service: name,
    fullName: line.service,
    taskId: line.taskId ?? null,
    slot: line.slot ?? null,
    node: line.node ?? null,
    nodeId: line.nodeId ?? null,
    stream: line.stream,
    time: line.time ?? null,
    line: line.text,
  };
}
