import { connect, type Remote } from '@swarmlift/remote';
import type { Settings } from '../settings/settings.js';

/**
 * Opens the manager and the runner's engine lazily, once each, and closes
 * whatever was opened. When the manager is the local engine (DOCKER_HOST
 * unix://…) one connection serves both.
 */
export function connections(settings: Settings, signal: AbortSignal | undefined) {
  let manager: Promise<Remote> | undefined;
  let runner: Promise<Remote> | undefined;
  const opened: Promise<Remote>[] = [];
  const open = (options: Parameters<typeof connect>[0]) => {
    const promise = connect({ ...options, signal });
    opened.push(promise);
    return promise;
  };
  return {
    manager(): Promise<Remote> {
      manager ??= open(settings.connect);
      return manager;
    },
    runnerEngine(): Promise<Remote> {
      runner ??= isLocalTarget(settings)
        ? this.manager()
        : open({ target: 'unix:///var/run/docker.sock' });
      return runner;
    },
    async close(): Promise<void> {
      await Promise.all(
        opened.map((promise) =>
          promise.then(
            (remote) => remote.close(),
            () => undefined,
          ),
        ),
      );
    },
  };
}

function isLocalTarget(settings: Settings): boolean {
  const target = settings.connect.target;
  return typeof target === 'string'
    ? target.startsWith('unix://') || target === 'local'
    : 'kind' in target && target.kind === 'unix';
}
