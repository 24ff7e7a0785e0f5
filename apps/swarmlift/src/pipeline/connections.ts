import {
  type ConnectOptions,
  connect,
  connectFirst,
  HostKeyMismatchError,
  judgeConnectFailure,
  type Remote,
  type SshTarget,
} from '@swarmlift/remote';
import { targetLabelOf } from '../settings/connect-settings.js';
import type { Settings } from '../settings/settings.js';
import { staticHostsError } from './static-hosts-error.js';

/** A host that serves the static files, and the session to it. */
export interface StaticHost {
  /** `deploy@198.18.0.4:22`: how messages name it. */
  host: string;
  remote: Remote;
}

/**
 * Each manager's connect and check, with several managers: short, as the next
 * one waits behind it (documented with SWARM_MANAGER_IP). One manager keeps
 * connect()'s own 20 s: there is nothing to fall back to.
 */
export const MANAGER_TIMEOUT_MS = 10_000;
/** Each static host's connect (they are connected in parallel). */
export const STATIC_HOST_TIMEOUT_MS = 20_000;

export interface ConnectionsOptions {
  /** One line per manager skipped (several managers): which and why. */
  onWarning?: (line: string) => void;
}

/**
 * Opens the manager, the static hosts and the runner's engine lazily, once
 * each, and closes whatever was opened. With several managers the first that
 * is a working manager is used (remote's connectFirst). When the manager is
 * the local engine (DOCKER_HOST unix://…) one connection serves it and the runner.
 */
export function connections(
  settings: Settings,
  signal: AbortSignal | undefined,
  options: ConnectionsOptions = {},
) {
  let manager: Promise<Remote> | undefined;
  let runner: Promise<Remote> | undefined;
  let statics: Promise<StaticHost[]> | undefined;
  let usedManager: string | undefined;
  const opened: Promise<Remote>[] = [];
  const track = (promise: Promise<Remote>) => {
    opened.push(promise);
    return promise;
  };
  const open = (connectOptions: ConnectOptions) => track(connect({ ...connectOptions, signal }));

  const openManager = async (): Promise<Remote> => {
    const targets = settings.managerTargets;
    if (targets.length < 2) {
      const remote = await open(settings.connect);
      usedManager = targetLabelOf(remote.target);
      return remote;
    }
    const { onEvent: _ignored, ...common } = settings.connect;
    const { remote } = await connectFirst({
      ...common,
      targets,
      timeoutMs: MANAGER_TIMEOUT_MS,
      signal,
      onEvent: (event) => {
        if (event.type === 'warning' && event.code === 'CONNECT_TARGET_SKIPPED') {
          options.onWarning?.(`manager ${event.host} skipped: ${event.reason}`);
        }
      },
    });
    usedManager = targetLabelOf(remote.target);
    return remote;
  };

  const openStaticHosts = async (): Promise<StaticHost[]> => {
    if (settings.staticHosts.length === 0) {
      const remote = await getManager();
      return [{ host: targetLabelOf(remote.target), remote }];
    }
    const settled = await Promise.allSettled(
      settings.staticHosts.map((target: SshTarget) =>
        open({ ...settings.connect, target, timeoutMs: STATIC_HOST_TIMEOUT_MS }),
      ),
    );
    const failures = settled.flatMap((outcome, index) =>
      outcome.status === 'rejected'
        ? [
            {
              host: targetLabelOf(settings.staticHosts[index] as SshTarget),
              reason: staticConnectReason(outcome.reason),
              error: outcome.reason as Error,
            },
          ]
        : [],
    );
    if (failures.length > 0) throw staticHostsError({ stage: 'connect', failures });
    return settled.map((outcome, index) => ({
      host: targetLabelOf(settings.staticHosts[index] as SshTarget),
      remote: (outcome as PromiseFulfilledResult<Remote>).value,
    }));
  };

  const getManager = (): Promise<Remote> => {
    manager ??= openManager();
    return manager;
  };

  return {
    manager: getManager,
    /** The hosts that serve the static files: STATIC_HOSTS, else the manager in use. */
    staticHosts(): Promise<StaticHost[]> {
      statics ??= openStaticHosts();
      return statics;
    },
    /** `deploy@198.18.0.3:22`: the manager in use, once connected. */
    usedManager(): string | undefined {
      return usedManager;
    },
    runnerEngine(): Promise<Remote> {
      runner ??= isLocalTarget(settings)
        ? getManager()
        : open({ target: 'unix:///var/run/docker.sock' });
      return runner;
    },
    async close(): Promise<void> {
      const all: Promise<unknown>[] = [
        ...opened.map((promise) =>
          promise.then(
            (remote) => remote.close(),
            () => undefined,
          ),
        ),
      ];
      if (manager && settings.managerTargets.length >= 2) {
        all.push(
          manager.then(
            (remote) => remote.close(),
            () => undefined,
          ),
        );
      }
      await Promise.all(all);
    },
  };
}

/** Why a static host could not be connected, in a few words; a mismatch names the key it showed. */
function staticConnectReason(error: unknown): string {
  const { reason } = judgeConnectFailure(error, { timeoutMs: STATIC_HOST_TIMEOUT_MS });
  return HostKeyMismatchError.isInstance(error) ? `${reason} (it shows ${error.actual})` : reason;
}

function isLocalTarget(settings: Settings): boolean {
  const target = settings.connect.target;
  return typeof target === 'string'
    ? target.startsWith('unix://') || target === 'local'
    : 'kind' in target && target.kind === 'unix';
}
