import { execFile } from 'node:child_process';
import { readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dockerCli, dockerClient, removeStack, type TestEnv } from '@swarmlift/testkit';
import type { E2eTarget } from './env.js';
import { dropDatabase } from './env.js';

const run = promisify(execFile);

/**
 * Removes everything a test's deploys made: the stack (services, networks,
 * its labelled configs and secrets), every config naming the stack (the
 * deploy lock, the deploy record), the static site and the database. Every
 * part is tried even when another fails; the first error is thrown at the end.
 */
export async function cleanupTarget(env: TestEnv, target: E2eTarget): Promise<void> {
  const errors: unknown[] = [];
  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      errors.push(error);
    }
  };
  await attempt(() => removeStack(env, target.name, 60_000));
  await attempt(async () => {
    const docker = dockerClient(env);
    for (const config of await docker.listConfigs()) {
      const name = config.Spec?.Name ?? '';
      const labels = Object.values(config.Spec?.Labels ?? {});
      if (name.includes(target.name) || labels.some((label) => label.includes(target.name)))
        await docker.getConfig(config.ID).remove();
    }
  });
  await attempt(() => rm(target.staticTarget, { recursive: true, force: true }));
  await attempt(() => dropDatabase(env, target.database));
  if (errors.length > 0) throw errors[0];
}

/** The Swarm configs whose name or labels mention the stack (lock, record). */
export async function configsOf(env: TestEnv, stack: string): Promise<string[]> {
  const configs = await dockerClient(env).listConfigs();
  return configs
    .filter((config) => {
      const labels = Object.values(config.Spec?.Labels ?? {});
      return (
        (config.Spec?.Name ?? '').includes(stack) || labels.some((label) => label.includes(stack))
      );
    })
    .map((config) => config.Spec?.Name ?? config.ID);
}

/** The stack's deploy lock config, when one is there. */
export async function lockConfigOf(env: TestEnv, stack: string): Promise<string | undefined> {
  return (await configsOf(env, stack)).find((name) => name.startsWith(`swarmlift-lock.${stack}.`));
}

/** `docker stack services <stack>` by the docker CLI on the local socket: the service names. */
export async function stackServices(env: TestEnv, stack: string): Promise<string[]> {
  const { stdout } = await dockerCli(env, ['stack', 'services', stack, '--format', '{{.Name}}'], {
    encoding: 'utf8',
  });
  return String(stdout).split('\n').filter(Boolean).sort();
}

/** Each service's name → spec version index and image, to see whether anything changed. */
export async function serviceVersions(
  env: TestEnv,
  stack: string,
): Promise<Record<string, { version: number; image: string; updatedAt: string }>> {
  const services = await dockerClient(env).listServices({
    filters: JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }),
  });
  const result: Record<string, { version: number; image: string; updatedAt: string }> = {};
  for (const service of services) {
    const template = service.Spec?.TaskTemplate as
      | { ContainerSpec?: { Image?: string } }
      | undefined;
    result[service.Spec?.Name ?? service.ID] = {
      version: service.Version?.Index ?? -1,
      image: template?.ContainerSpec?.Image ?? '',
      updatedAt: service.UpdatedAt ?? '',
    };
  }
  return result;
}

/** The release the static link points at (`releases/<release>` → `<release>`), or undefined. */
export async function liveStaticRelease(target: E2eTarget): Promise<string | undefined> {
  try {
    const link = await readlink(join(target.staticTarget, 'static'));
    return link.replace(/\/+$/, '').split('/').at(-1);
  } catch {
    return undefined;
  }
}

export interface AppAnswer {
  hits: number;
  'cache-hits': number;
  version: string;
}

/** GET the edge's `/` once; throws on a non-2xx answer or a body that is not the app's JSON. */
export async function getApp(target: E2eTarget, timeoutMs = 5_000): Promise<AppAnswer> {
  const response = await fetch(target.edgeUrl, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`GET ${target.edgeUrl}: ${response.status} ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as AppAnswer;
  if (typeof body.hits !== 'number' || typeof body.version !== 'string')
    throw new Error(`GET ${target.edgeUrl}: unexpected body ${text.slice(0, 200)}`);
  return body;
}

/** Polls the edge until it answers with `version` (a freshly deployed stack may take a moment). */
export async function waitForVersion(
  target: E2eTarget,
  version: string,
  timeoutMs = 30_000,
): Promise<AppAnswer> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const answer = await getApp(target);
      if (answer.version === version) return answer;
      last = `version ${answer.version}`;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `the edge did not serve version ${version} within ${timeoutMs} ms (last: ${String(last)})`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface RequestLoop {
  /** Stops the loop; resolves with every request's outcome. */
  stop(): Promise<{ ok: number; failures: string[]; versions: string[] }>;
}

/** GETs the edge's `/` every `everyMs` until stopped, recording failures and the versions seen in order. */
export function requestLoop(target: E2eTarget, everyMs = 50): RequestLoop {
  let running = true;
  let ok = 0;
  const failures: string[] = [];
  const versions: string[] = [];
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        const answer = await getApp(target, 10_000);
        ok++;
        if (versions.at(-1) !== answer.version) versions.push(answer.version);
      } catch (error) {
        failures.push(
          `${new Date().toISOString()} ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const wait = everyMs - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ok, failures, versions };
    },
  };
}

/** GET a URL's text and status. */
export async function getText(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, text: await response.text() };
}

/**
 * Kills (SIGKILL) the sshd processes that serve the SSH connections the
 * process `pid` has open to `port` on 127.0.0.1 — found by each
 * connection's source port in `ss`, never by a process name. Resolves with
 * the pids killed.
 */
export async function killSshSessionsOf(pid: number, port: number): Promise<number[]> {
  const ss = async (filter: string) =>
    (await run('ss', ['-tnpH', 'state', 'established', filter])).stdout.split('\n').filter(Boolean);
  const sourcePorts = new Set<number>();
  for (const line of await ss(`( dport = :${port} )`)) {
    if (!line.includes(`pid=${pid},`)) continue;
    const local = line.trim().split(/\s+/)[2] ?? '';
    const sourcePort = Number(local.split(':').at(-1));
    if (Number.isInteger(sourcePort)) sourcePorts.add(sourcePort);
  }
  const killed: number[] = [];
  for (const sourcePort of sourcePorts) {
    for (const line of await ss(`( sport = :${port} and dport = :${sourcePort} )`)) {
      for (const match of line.matchAll(/pid=(\d+),/g)) {
        const sshd = Number(match[1]);
        if (sshd === pid || killed.includes(sshd)) continue;
        try {
          process.kill(sshd, 'SIGKILL');
          killed.push(sshd);
        } catch {
          // already gone
        }
      }
    }
  }
  return killed;
}
