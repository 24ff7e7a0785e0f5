import {
  checkFunction,
  checkSignal,
  checkStackName,
  checkTimeoutMs,
  engineMessage,
  engineStatusCode,
  raceAbort,
  sleep,
  stackFilter,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import { checkRemote, type DockerRemote } from '@swarmlift/remote';
import type Docker from 'dockerode';
import { engineRequest } from './engine-request.js';
import type { SwarmObject } from './engine-types.js';
import type { DeployEvent } from './events.js';

export interface RemoveStackOptions {
  /** What `connect()` from `@swarmlift/remote` returns (only its Docker API is used). */
  remote: DockerRemote;
  /** Stack name (com.docker.stack.namespace). */
  stack: string;
  onEvent?: ((event: DeployEvent) => void) | undefined;
  /** Stops the removal between objects; rejects with CancelledError (run it again to finish). */
  signal?: AbortSignal | undefined;
  /** Time limit for the whole removal; TimedOutError past it (run it again to finish). */
  timeoutMs?: number | undefined;
}

export interface RemoveStackResult {
  services: string[];
  networks: string[];
  secrets: string[];
  configs: string[];
  /** What could not be removed, with the engine's reason. */
  failed: { kind: 'service' | 'network' | 'secret' | 'config'; name: string; reason: string }[];
}

/** How long the stack's tasks may take to leave its networks before those count as failed. */
const NETWORK_RELEASE_MS = 30_000;

/**
 * Removes everything labelled with the stack's namespace, like `docker stack
 * rm`: services first, then secrets and configs, then networks (once the
 * tasks have left them). A stack that does not exist is an empty result.
 * What the engine refuses to remove is listed in `failed`; a list call that
 * fails rejects with an EngineRequestError.
 */
export async function removeStack(options: RemoveStackOptions): Promise<RemoveStackResult> {
  const { docker } = checkRemote(options.remote);
  const stack = checkStackName(options.stack);
  checkTimeoutMs(options.timeoutMs);
  checkSignal(options.signal);
  checkFunction(options.onEvent, 'onEvent');
  throwIfAborted(options.signal);
  const emit = options.onEvent ?? (() => {});
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `removing stack ${stack}`,
  });
  const { signal } = deadline;
  const filters = stackFilter(stack);
  const result: RemoveStackResult = {
    services: [],
    networks: [],
    secrets: [],
    configs: [],
    failed: [],
  };
  /** One removal: done, already gone (404), in use (a network tasks still leave), or refused (listed in `failed`). */
  const remove = async (
    kind: RemoveStackResult['failed'][number]['kind'],
    name: string,
    run: () => Promise<unknown>,
  ): Promise<{ status: 'removed' | 'gone' | 'in_use' | 'failed'; reason?: string }> => {
    throwIfAborted(signal);
    try {
      await raceAbort(run(), signal);
      return { status: 'removed' };
    } catch (error) {
      throwIfAborted(signal);
      if (engineStatusCode(error) === 404) return { status: 'gone' };
      const reason = engineMessage(error);
      if (kind === 'network' && /active endpoints|in use/i.test(reason))
        return { status: 'in_use', reason };
      result.failed.push({ kind, name, reason });
      return { status: 'failed', reason };
    }
  };
  try {
    const [services, secrets, configs] = await Promise.all([
      engineRequest(
        `list the services of stack ${stack}`,
        () => docker.listServices({ filters, abortSignal: signal } as Docker.ServiceListOptions),
        signal,
      ),
      engineRequest(
        `list the secrets of stack ${stack}`,
        () =>
          docker.listSecrets({ filters, abortSignal: signal }) as unknown as Promise<SwarmObject[]>,
        signal,
      ),
      engineRequest(
        `list the configs of stack ${stack}`,
        () =>
          docker.listConfigs({ filters, abortSignal: signal }) as unknown as Promise<SwarmObject[]>,
        signal,
      ),
    ]);
    await Promise.all(
      services.map(async (service) => {
        const name = service.Spec?.Name ?? service.ID;
        const outcome = await remove('service', name, () => docker.getService(service.ID).remove());
        if (outcome.status !== 'removed') return;
        result.services.push(name);
        emit({ type: 'service_removed', stack, service: name, serviceId: service.ID });
      }),
    );
    for (const item of secrets) {
      const name = item.Spec?.Name ?? item.ID;
      const outcome = await remove('secret', name, () => docker.getSecret(item.ID).remove());
      if (outcome.status !== 'removed') continue;
      result.secrets.push(name);
      emit({ type: 'secret_removed', stack, secret: name });
    }
    for (const item of configs) {
      const name = item.Spec?.Name ?? item.ID;
      const outcome = await remove('config', name, () => docker.getConfig(item.ID).remove());
      if (outcome.status !== 'removed') continue;
      result.configs.push(name);
      emit({ type: 'config_removed', stack, config: name });
    }
    const release = Date.now() + NETWORK_RELEASE_MS;
    let networks = await engineRequest(
      `list the networks of stack ${stack}`,
      () => docker.listNetworks({ filters, abortSignal: signal } as Docker.NetworkListOptions),
      signal,
    );
    while (networks.length > 0) {
      const left: Docker.NetworkInspectInfo[] = [];
      for (const network of networks) {
        const outcome = await remove('network', network.Name, () =>
          docker.getNetwork(network.Id).remove(),
        );
        if (outcome.status === 'removed') {
          result.networks.push(network.Name);
          emit({ type: 'network_removed', stack, network: network.Name });
        } else if (outcome.status === 'in_use') {
          // Still in use by tasks that are stopping: try again, up to NETWORK_RELEASE_MS.
          if (Date.now() > release)
            result.failed.push({
              kind: 'network',
              name: network.Name,
              reason: outcome.reason ?? '',
            });
          else left.push(network);
        }
      }
      networks = left;
      if (networks.length > 0) await sleep(250, signal);
    }
    return result;
  } finally {
    deadline.dispose();
  }
}
