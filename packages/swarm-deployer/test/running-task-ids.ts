import { waitFor } from '@swarmlift/testkit';
import type Docker from 'dockerode';

/** Waits until exactly `count` tasks of the stack run; returns their ids, sorted, to compare after a redeploy. */
export function runningTaskIds(
  docker: Docker,
  stack: string,
  count: number,
  timeoutMs?: number,
): Promise<string[]> {
  return waitFor(
    `${count} running tasks of ${stack}`,
    async () => {
      const tasks = await docker.listTasks({
        filters: JSON.stringify({
          label: [`com.docker.stack.namespace=${stack}`],
          'desired-state': ['running'],
        }),
      });
      const running = tasks.filter((task) => task.Status?.State === 'running');
      return running.length === count ? running.map((task) => task.ID as string).sort() : undefined;
    },
    timeoutMs,
  );
}
