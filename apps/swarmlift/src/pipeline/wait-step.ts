import { formatEvent as formatWaitEvent, waitForStack } from '@swarmlift/stack-waiter';
import type { DeployRecord } from '@swarmlift/swarm-deployer';
import type { Step } from '../output/reporter.js';
import { lostNodeLines } from './lost-node-lines.js';
import { forwardEvents, type RunContext } from './run-context.js';

const LOG_LINES = 80;

export type WaitResult = Awaited<ReturnType<typeof waitForStack>>;

/** Waits for exactly this deploy's changes (the services it created or updated). */
export async function waitStep(
  context: RunContext,
  step: Step,
  record: DeployRecord | undefined,
): Promise<WaitResult> {
  const { settings, signal } = context;
  return waitForStack({
    remote: await context.manager(),
    stack: settings.stack,
    ...(record ? { record } : {}),
    ...(settings.waitTimeoutMs === undefined ? {} : { timeoutMs: settings.waitTimeoutMs }),
    // A Python traceback under gunicorn's own shutdown messages takes ~50 lines.
    logTail: LOG_LINES,
    onEvent: forwardEvents(step, 'stack-waiter', formatWaitEvent),
    signal,
  });
}

/** The lines that explain a failed wait: each failed task's error, exit code, node and last log lines, then the nodes lost. */
export function failedTaskLines(result: WaitResult): string[] {
  const lines: string[] = [];
  for (const service of result.services) {
    if (service.outcome === 'converged' || service.outcome === 'unchanged') continue;
    lines.push(
      `${service.name}: ${service.outcome}${service.reason ? ` — ${service.reason}` : ''}`,
    );
    // The last two: more would repeat the same crash.
    for (const task of service.failedTasks.slice(-2)) {
      // A rejected task never ran: its exit code (0) means nothing.
      const exit =
        task.exitCode === undefined || task.state === 'rejected'
          ? ''
          : `, exit code ${task.exitCode}`;
      const node = task.node ? ` on ${task.node}` : '';
      lines.push(
        `  task ${task.id.slice(0, 12)} (slot ${task.slot ?? '-'})${node}: ${task.error ?? task.state}${exit}`,
      );
      if (task.healthOutput) lines.push(`    last healthcheck: ${task.healthOutput.trim()}`);
      for (const line of task.logs.slice(-LOG_LINES)) lines.push(`    | ${line}`);
    }
  }
  // Why tasks went missing or could not be placed: the nodes lost meanwhile.
  lines.push(...lostNodeLines(result.lostNodes));
  return lines;
}
