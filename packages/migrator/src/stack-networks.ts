import { engineStatusCode, STACK_NAMESPACE_LABEL } from '@swarmlift/core';
import type Docker from 'dockerode';
import { MigratorError } from './errors.js';
import type { OnMigratorEvent } from './events.js';

/** `default` → `mystack_default`, as `docker stack deploy` names a stack's networks. */
export function stackNetworkName(stack: string, network: string): string {
  return `${stack}_${network}`;
}

export interface EnsureStackNetworksOptions {
  docker: Docker;
  stack: string;
  /** Full network names (already prefixed with the stack). */
  networks: readonly string[];
  onEvent?: OnMigratorEvent | undefined;
}

/**
 * Makes sure the stack's networks exist, creating missing ones the way
 * `docker stack deploy` would (overlay, labelled for the stack) so a later
 * deploy adopts them — e.g. when migrations run before the first deploy.
 * Created networks are attachable, so container mode can join them too.
 * Returns the network IDs by name.
 */
export async function ensureStackNetworks(
  options: EnsureStackNetworksOptions,
): Promise<Map<string, string>> {
  const { docker, stack } = options;
  const ids = new Map<string, string>();
  for (const name of options.networks) {
    const existing = await findNetwork(docker, name);
    if (existing) {
      if (existing.Scope !== 'swarm')
        throw new MigratorError({
          code: 'ONE_OFF_NETWORK_UNUSABLE',
          message: `Network ${name} exists with scope "${existing.Scope}", not "swarm"`,
          hint: 'A Swarm job can only join swarm-scoped (overlay) networks; name a network of the stack.',
        });
      ids.set(name, existing.Id);
      continue;
    }
    try {
      const created = await docker.createNetwork({
        Name: name,
        Driver: 'overlay',
        Attachable: true,
        CheckDuplicate: true,
        Labels: { [STACK_NAMESPACE_LABEL]: stack },
      });
      ids.set(name, created.id);
      options.onEvent?.({ type: 'network_created', stack, network: name });
    } catch (error) {
      // Another run created it at the same moment: use theirs.
      const raced = engineStatusCode(error) === 409 ? await findNetwork(docker, name) : undefined;
      if (!raced) throw error;
      ids.set(name, raced.Id);
    }
  }
  return ids;
}

/** The network with exactly this name (the API's name filter also matches substrings). */
async function findNetwork(
  docker: Docker,
  name: string,
): Promise<Docker.NetworkInspectInfo | undefined> {
  const candidates = await docker.listNetworks({ filters: JSON.stringify({ name: [name] }) });
  return candidates.find((network) => network.Name === name);
}
