import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const POLL_MS = 500;

/**
 * Holds the multi-node test cluster for one test file at a time. The
 * end-to-end files run two side by side, and a cluster file stops nodes
 * (a manager, a worker) that another cluster file is deploying to; files on
 * the single-node engine still run beside them. The lock is a directory
 * (mkdir is atomic across the test workers' processes) with the holder's
 * pid in it, so a lock left by a killed run is taken over.
 */
export async function acquireClusterTestLock(
  repoRoot: string,
  timeoutMs: number,
): Promise<() => Promise<void>> {
  const dir = join(repoRoot, '.testenv', 'cluster-tests.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(join(dir, 'pid'), String(process.pid));
      return () => rm(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await readFile(join(dir, 'pid'), 'utf8').catch(() => ''));
    if (holder > 0 && !isAlive(holder)) await rm(dir, { recursive: true, force: true });
    if (Date.now() > deadline) {
      throw new Error(
        `the test cluster stayed in use by pid ${holder} for ${timeoutMs} ms (${dir})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
