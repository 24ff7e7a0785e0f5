import {
  checkSignal,
  checkTimeoutMs,
  engineMessage,
  SwarmliftError,
  withDeadline,
} from '@swarmlift/core';
import { checkRemote } from './check-remote.js';
import type { DockerRemote } from './docker-remote.js';
import { engineRequest } from './engine-request.js';
import { RemoteError } from './errors.js';

export interface EnsureSwarmManagerOptions {
  remote: DockerRemote;
  signal?: AbortSignal | undefined;
  /** Default 30 s. Past it: core's TimedOutError. */
  timeoutMs?: number | undefined;
}

export interface SwarmManagerInfo {
  /** The engine's Docker API version, e.g. `1.41`. */
  apiVersion: string;
  engineVersion: string;
  nodeId: string;
  nodeAddr: string;
}

interface EngineInfo {
  Swarm?: {
    LocalNodeState?: string;
    ControlAvailable?: boolean;
    NodeID?: string;
    NodeAddr?: string;
  };
}

/** Checks that the engine behind `remote` is a reachable Swarm manager. */
export async function ensureSwarmManager(
  options: EnsureSwarmManagerOptions,
): Promise<SwarmManagerInfo> {
  const { docker } = checkRemote(options?.remote);
  checkSignal(options.signal);
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: checkTimeoutMs(options.timeoutMs) ?? 30_000,
    what: 'Asking the engine for its swarm state',
  });
  let info: EngineInfo;
  let version: { ApiVersion?: string; Version?: string };
  try {
    const signal = deadline.signal;
    [info, version] = await Promise.all([
      engineRequest<EngineInfo>(docker, { method: 'GET', path: '/info', signal }),
      engineRequest<{ ApiVersion?: string; Version?: string }>(docker, {
        method: 'GET',
        path: '/version',
        signal,
      }),
    ]);
  } catch (error) {
    if (SwarmliftError.isInstance(error)) throw error;
    throw new RemoteError({
      code: 'DOCKER_UNREACHABLE',
      message: `The Docker engine did not answer: ${engineMessage(error)}`,
      hint: 'Check that dockerd runs on the manager and that the user may use its socket (group docker).',
      cause: error,
    });
  } finally {
    deadline.dispose();
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
