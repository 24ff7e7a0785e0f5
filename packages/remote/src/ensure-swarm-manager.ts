import type { Remote } from './connect.js';
import { RemoteError } from './errors.js';

export interface SwarmManagerInfo {
  /** The engine's Docker API version, e.g. `1.41`. */
  apiVersion: string;
  engineVersion: string;
  nodeId: string;
  nodeAddr: string;
}

/** Checks that the engine behind `remote` is a reachable Swarm manager. */
export async function ensureSwarmManager(remote: Remote): Promise<SwarmManagerInfo> {
  let info: {
    Swarm?: {
      LocalNodeState?: string;
      ControlAvailable?: boolean;
      NodeID?: string;
      NodeAddr?: string;
    };
  };
  let version: { ApiVersion?: string; Version?: string };
  try {
    [info, version] = await Promise.all([remote.docker.info(), remote.docker.version()]);
  } catch (error) {
    if (RemoteError.isInstance(error)) throw error;
    throw new RemoteError({
      code: 'DOCKER_UNREACHABLE',
      message: `The Docker engine did not answer: ${(error as Error).message}`,
      hint: 'Check that dockerd runs on the manager and that the user may use its socket (group docker).',
      cause: error,
    });
  }
  const swarm = info.Swarm ?? {};
  if (swarm.LocalNodeState !== 'active') {
    throw new RemoteError({
      code: 'DOCKER_NOT_SWARM_MANAGER',
      message: `The engine is not part of a swarm (state: ${swarm.LocalNodeState || 'inactive'}).`,
      hint: 'Run docker swarm init on the manager (see the guide), or point the target at an existing manager.',
    });
  }
  if (!swarm.ControlAvailable) {
    throw new RemoteError({
      code: 'DOCKER_NOT_SWARM_MANAGER',
      message: `Node ${swarm.NodeID} is a swarm worker, not a manager; stacks can only be deployed through a manager.`,
      hint: 'Point SWARM_MANAGER_IP at a manager (docker node ls on a manager lists them).',
    });
  }
  return {
    apiVersion: version.ApiVersion ?? 'unknown',
    engineVersion: version.Version ?? 'unknown',
    nodeId: swarm.NodeID ?? '',
    nodeAddr: swarm.NodeAddr ?? '',
  };
}
