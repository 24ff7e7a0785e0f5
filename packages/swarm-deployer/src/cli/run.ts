import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  type BinIo,
  exitCodes,
  type RegistryCredentials,
  readRegistryCredentials,
  registryOf,
  reportError,
} from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import type { DeployEvent } from '../events.js';
import { parseStackArgs, type StackCommand, USAGE } from './parse-args.js';

/**
 * The swarmlift-stack command, run in-process: reads `io`, returns the exit
 * code (0 applied, 1 failed, 2 invalid file or usage, 3 cannot reach or
 * trust the engine, 5 timed out, 130 cancelled). The loader, the planner and
 * the SSH session are imported only once the command needs them, so `--help`
 * and a bad flag answer at once.
 */
export async function run(io: BinIo): Promise<number> {
  let command: StackCommand;
  try {
    command = parseStackArgs(io.argv);
  } catch (error) {
    return reportError(error, io);
  }
  if (command.command === 'help') {
    io.stdout.write(USAGE);
    return exitCodes.ok;
  }
  if (command.command === 'version') {
    io.stdout.write(
      `swarmlift-stack ${typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'dev'}\n`,
    );
    return exitCodes.ok;
  }
  const { signal } = io;
  const { formatEvent } = await import('../format-event.js');
  const print = (event: DeployEvent) => {
    // The summary goes to stdout below; everything else as it happens, on stderr.
    if (event.type === 'plan_applied') return;
    const line = formatEvent(event);
    if (line !== undefined) io.stderr.write(`${line}\n`);
  };
  let remote: Remote | undefined;
  try {
    const { connect, connectOptionsFromEnv } = await import('@swarmlift/remote');
    // Flags and variables first: a bad one is exit 2 before anything is opened.
    const connectOptions = { ...connectOptionsFromEnv(io.env, command.connect), signal };
    if (command.command === 'rm') {
      remote = await connect(connectOptions);
      const { removeStack } = await import('../remove-stack.js');
      const result = await removeStack({ remote, stack: command.stack, onEvent: print, signal });
      const removed =
        result.services.length +
        result.networks.length +
        result.secrets.length +
        result.configs.length;
      if (removed === 0 && result.failed.length === 0)
        io.stderr.write(`Nothing found in stack: ${command.stack}\n`);
      for (const failure of result.failed)
        io.stderr.write(`Failed to remove ${failure.kind} ${failure.name}: ${failure.reason}\n`);
      return result.failed.length > 0 ? exitCodes.failed : exitCodes.ok;
    }
    // Load the file while the SSH handshake runs; a bad file wins (exit 2) over an unreachable engine.
    const connecting = connect(connectOptions);
    const loading = import('../load-stack.js').then(({ loadStack }) =>
      loadStack({ files: command.files, stack: command.stack, env: io.env, signal }),
    );
    const [stack, connected] = await Promise.allSettled([loading, connecting]);
    if (connected.status === 'fulfilled') remote = connected.value;
    if (stack.status === 'rejected') throw stack.reason;
    if (connected.status === 'rejected') throw connected.reason;
    const loaded = stack.value;
    const session = remote as Remote;
    const [{ planStack }, { formatPlan }] = await Promise.all([
      import('../plan-stack.js'),
      import('../format-plan.js'),
    ]);
    // Credentials resolve digests in any case; they go to the swarm only with --with-registry-auth.
    const credentials = await dockerConfigCredentials(
      loaded.services.map((service) => service.image),
      io,
    );
    const plan = await planStack({
      remote: session,
      stack: loaded,
      credentials,
      resolveImage: command.resolveImage,
      prune: command.prune,
      signal,
    });
    io.stdout.write(formatPlan(plan));
    if (command.command === 'plan' || plan.unchanged) return exitCodes.ok;
    const { applyPlan } = await import('../apply-plan.js');
    const record = await applyPlan({
      remote: session,
      plan,
      ...(command.withRegistryAuth ? { credentials } : {}),
      onEvent: print,
      signal,
    });
    const changed = record.services.filter((service) => service.action !== 'unchanged').length;
    io.stdout.write(
      `Applied: ${changed} service(s) created or updated, ${record.removedServices.length} removed. Not waiting for convergence.\n`,
    );
    return exitCodes.ok;
  } catch (error) {
    return reportError(error, io);
  } finally {
    await remote?.close().catch(() => {});
  }
}

/** The Docker config's credentials (`docker login`) for each registry the images come from. */
async function dockerConfigCredentials(
  images: readonly string[],
  io: BinIo,
): Promise<RegistryCredentials[]> {
  const dockerConfig = io.env.DOCKER_CONFIG || join(io.env.HOME || homedir(), '.docker');
  const registries = [...new Set(images.map((image) => registryOf(image)))];
  return Promise.all(
    registries.map((registry) =>
      readRegistryCredentials({ registry, dockerConfig, env: io.env, signal: io.signal }),
    ),
  );
}

declare const PACKAGE_VERSION: string;
