import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACK_NAMESPACE_LABEL } from '@swarmlift/core';
import { dockerCli, dockerClient, removeStack, type TestEnv, uniqueName } from '@swarmlift/testkit';

/** `docker stack deploy` of a compose text, as the guide deploys (the CLI at /usr/local/bin/docker). */
export async function stackDeploy(env: TestEnv, stack: string, compose: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sltest-waiter-'));
  try {
    const file = join(dir, 'docker-compose.yml');
    await writeFile(file, compose);
    await dockerCli(env, ['stack', 'deploy', '--detach=true', '-c', file, stack]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A busybox service in compose form; `command` runs under busybox sh. */
export function busyboxService(
  env: TestEnv,
  options: {
    command: string;
    replicas?: number;
    healthcheck?: string;
    healthRetries?: number;
    failureAction?: 'rollback' | 'pause' | 'continue';
    order?: 'start-first' | 'stop-first';
    image?: string;
    restartDelay?: string;
    /** update_config.monitor. A failure must reach the manager within it, or Swarm calls the update completed. */
    monitor?: string;
  },
): string {
  const lines = [
    `    image: ${options.image ?? env.IMAGE_BUSYBOX}`,
    `    command: ["sh", "-c", ${JSON.stringify(options.command)}]`,
    '    stop_grace_period: 1s',
  ];
  if (options.healthcheck) {
    lines.push(
      '    healthcheck:',
      `      test: ["CMD-SHELL", ${JSON.stringify(options.healthcheck)}]`,
      '      interval: 1s',
      '      timeout: 1s',
      `      retries: ${options.healthRetries ?? 1}`,
    );
  }
  lines.push(
    '    deploy:',
    `      replicas: ${options.replicas ?? 1}`,
    '      restart_policy:',
    `        delay: ${options.restartDelay ?? '1s'}`,
    '      update_config:',
    `        order: ${options.order ?? 'stop-first'}`,
    `        monitor: ${options.monitor ?? '1s'}`,
    `        failure_action: ${options.failureAction ?? 'pause'}`,
    '      rollback_config:',
    '        monitor: 1s',
  );
  return lines.join('\n');
}

export function compose(services: Record<string, string>): string {
  return [
    'version: "3.8"',
    'services:',
    ...Object.entries(services).map(([name, body]) => `  ${name}:\n${body}`),
    '',
  ].join('\n');
}

/** A unique stack name; `cleanup` removes it (safe when it was never created). */
export function testStack(env: TestEnv, label: string, options: { jobs?: boolean } = {}) {
  const stack = uniqueName(label);
  const cleanup = async () => {
    // Job stacks keep exited containers (below), so do not wait long for them to go.
    await removeStack(env, stack, options.jobs ? 3_000 : 30_000).catch(async () => {
      // Docker 20.10 keeps the exited containers of a removed job service: remove this stack's.
      const docker = dockerClient(env);
      const filters = JSON.stringify({ label: [`${STACK_NAMESPACE_LABEL}=${stack}`] });
      for (const container of await docker.listContainers({ all: true, filters }))
        await docker
          .getContainer(container.Id)
          .remove({ force: true })
          .catch(() => {});
      await removeStack(env, stack);
    });
  };
  return { stack, cleanup };
}

/** A job service through the API (Docker 20.10's `stack deploy` rejects job modes), labelled into the stack. */
export async function createJob(
  env: TestEnv,
  stack: string,
  name: string,
  command: string,
  mode:
    | { ReplicatedJob: { MaxConcurrent: number; TotalCompletions: number } }
    | { GlobalJob: object },
  labels: Record<string, string> = {},
) {
  const docker = dockerClient(env);
  return docker.createService({
    Name: `${stack}_${name}`,
    Labels: { [STACK_NAMESPACE_LABEL]: stack, ...labels },
    TaskTemplate: {
      ContainerSpec: {
        Image: env.IMAGE_BUSYBOX,
        Command: ['sh', '-c', command],
        Labels: { [STACK_NAMESPACE_LABEL]: stack },
      },
      RestartPolicy: { Condition: 'on-failure', MaxAttempts: 0 },
    },
    Mode: mode,
  } as never);
}
