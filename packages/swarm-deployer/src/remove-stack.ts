import type Docker from 'dockerode';
import type { SwarmObject } from './engine-types.js';
import type { DeployEvent } from './events.js';
import { engineMessage } from './resolve-digest.js';
import { stackFilter } from './stack-labels.js';

export interface RemoveStackOptions {
  /** A connected `@swarmlift/remote` Remote (only its `docker` is used). */
  remote: { docker: Docker };
  /** Stack name (com.docker.stack.namespace). */
  stack: string;
  onEvent?: (event: DeployEvent) => void;
  /** How long to wait for the stack's tasks to leave its networks. Default 30 s. */
  networkTimeoutMs?: number;
}

export interface RemoveStackResult {
  services: string[];
  networks: string[];
  secrets: string[];
  configs: string[];
  /** What could not be removed, with the engine's reason. */
  failed: { kind: 'service' | 'network' | 'secret' | 'config'; name: string; reason: string }[];
}

/**
 * Removes everything labelled with the stack's namespace, like `docker stack
 * rm`: services first, then secrets and configs, then networks (once the
 * tasks have left them). A stack that does not exist is an empty result.
 */
export async function removeStack(options: RemoveStackOptions): Promise<RemoveStackResult> {
  const { docker } = options.remote;
  const emit = options.onEvent ?? (() => {});
  const filters = stackFilter(options.stack);
  const result: RemoveStackResult = {
    services: [],
    networks: [],
    secrets: [],
    configs: [],
    failed: [],
  };
  const [services, secrets, configs] = await Promise.all([
    docker.listServices({ filters }) as Promise<Docker.Service[]>,
    docker.listSecrets({ filters }) as unknown as Promise<SwarmObject[]>,
    docker.listConfigs({ filters }) as unknown as Promise<SwarmObject[]>,
  ]);
  await Promise.all(
    services.map(async (service) => {
      const name = service.Spec?.Name ?? service.ID;
      try {
        await docker.getService(service.ID).remove();
        result.services.push(name);
        emit({ type: 'service_removed', name, id: service.ID });
      } catch (error) {
        if (statusOf(error) !== 404)
          result.failed.push({ kind: 'service', name, reason: engineMessage(error) });
      }
    }),
  );
  for (const [kind, items] of [
    ['secret', secrets],
    ['config', configs],
  ] as const) {
    for (const item of items) {
      const name = item.Spec?.Name ?? item.ID;
      try {
        await (kind === 'secret'
          ? docker.getSecret(item.ID).remove()
          : docker.getConfig(item.ID).remove());
        result[kind === 'secret' ? 'secrets' : 'configs'].push(name);
        emit({ type: kind === 'secret' ? 'secret_removed' : 'config_removed', name });
      } catch (error) {
        if (statusOf(error) !== 404)
          result.failed.push({ kind, name, reason: engineMessage(error) });
      }
    }
  }
  const deadline = Date.now() + (options.networkTimeoutMs ?? 30_000);
  let networks = (await docker.listNetworks({ filters })) as Docker.NetworkInspectInfo[];
  while (networks.length > 0) {
    const left: Docker.NetworkInspectInfo[] = [];
    for (const network of networks) {
      try {
        await docker.getNetwork(network.Id).remove();
        result.networks.push(network.Name);
        emit({ type: 'network_removed', name: network.Name });
      } catch (error) {
        if (statusOf(error) === 404) continue;
        if (Date.now() > deadline || !/active endpoints|in use/i.test(engineMessage(error))) {
          result.failed.push({ kind: 'network', name: network.Name, reason: engineMessage(error) });
        } else left.push(network);
      }
    }
    networks = left;
    if (networks.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return result;
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number })?.statusCode;
}
