import type Docker from 'dockerode';

const localNodeIds = new WeakMap<Docker, Promise<string | undefined>>();

/** The swarm node ID of the engine this dockerode talks to, asked once per client. */
export function localNodeId(docker: Docker): Promise<string | undefined> {
  let id = localNodeIds.get(docker);
  if (!id) {
    id = docker
      .info()
      .then((info: { Swarm?: { NodeID?: string } }) => info.Swarm?.NodeID || undefined)
      .catch(() => undefined);
    localNodeIds.set(docker, id);
  }
  return id;
}

/** A node's host name (its ID when it cannot be read). Never rejects. */
export function nodeHostname(docker: Docker, nodeId: string): Promise<string> {
  return docker
    .getNode(nodeId)
    .inspect()
    .then((node: { Description?: { Hostname?: string } }) => node.Description?.Hostname ?? nodeId)
    .catch(() => nodeId);
}
