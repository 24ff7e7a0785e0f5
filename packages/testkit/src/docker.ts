import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { execa, type Options } from 'execa';
import type { TestEnv } from './test-env.js';

/** Prefix of every stack, service and container the tests create; up.sh removes leftovers by it. */
export const TEST_PREFIX = 'sltest-';

/** A fresh name like `sltest-envfile-3f9a1c`, so tests never share swarm objects. */
export function uniqueName(label: string): string {
  return `${TEST_PREFIX}${label}-${randomBytes(3).toString('hex')}`;
}

export function dockerClient(env: TestEnv): Docker {
  return new Docker({ socketPath: env.DOCKER_SOCKET });
}

/** Runs the docker CLI against the test engine, for cases where the CLI's own behaviour is what a test checks. */
export function dockerCli<const O extends Options = Options>(
  env: TestEnv,
  args: readonly string[],
  options?: O,
) {
  const withHost = {
    ...options,
    env: { ...options?.env, DOCKER_HOST: `unix://${env.DOCKER_SOCKET}` },
  };
  // The cast keeps O (e.g. `encoding: "buffer"`) so the result is typed to match.
  return execa('docker', args, withHost as unknown as O);
}

/** Removes a stack and waits until its services and networks are gone; safe to call when it never existed. */
export async function removeStack(env: TestEnv, stack: string, timeoutMs = 30_000): Promise<void> {
  const docker = dockerClient(env);
  const filters = JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] });
  for (const service of await docker.listServices({ filters })) {
    await docker
      .getService(service.ID)
      .remove()
      .catch(() => {});
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const containers = await docker.listContainers({ all: true, filters });
    // Docker 20.10 leaves a finished job's exited containers behind when its
    // service is removed; Swarm removes every other task container itself.
    for (const container of containers)
      if (['exited', 'created', 'dead'].includes(container.State))
        await docker
          .getContainer(container.Id)
          .remove({ force: true })
          .catch(() => {});
    const networks = await docker.listNetworks({ filters });
    for (const network of networks)
      await docker
        .getNetwork(network.Id)
        .remove()
        .catch(() => {});
    if (containers.length === 0 && networks.length === 0) break;
    if (Date.now() > deadline)
      throw new Error(`stack ${stack} still has containers or networks after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  for (const secret of await docker.listSecrets({ filters })) {
    await docker
      .getSecret(secret.ID)
      .remove()
      .catch(() => {});
  }
  for (const config of await docker.listConfigs({ filters })) {
    await docker
      .getConfig(config.ID)
      .remove()
      .catch(() => {});
  }
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
