import type { Remote } from '@swarmlift/remote';
import { SwarmDeployerError } from '../errors.js';
import type { DeployEvent } from '../events.js';
import type { CliCommand } from './parse-args.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Exit codes: 0 applied, 1 failed, 2 invalid file or usage, 3 cannot reach or trust the engine. */
export const EXIT = { ok: 0, failed: 1, invalid: 2, unreachable: 3 } as const;

/** Remote error codes that mean the engine cannot be reached or trusted. */
const UNREACHABLE = /^(TARGET_INVALID|SSH_|DOCKER_UNREACHABLE|DOCKER_NOT_SWARM_MANAGER)/;

/**
 * The swarmlift-stack command: everything heavy (the loader, dockerode, ssh2)
 * is imported only once the command knows it needs it, so `--help` and a bad
 * file answer at once and a deploy pays only for what it uses.
 */
export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  let command: CliCommand;
  try {
    const { parseCliArgs, USAGE } = await import('./parse-args.js');
    command = parseCliArgs(argv);
    if (command.command === 'help') {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    if (command.command === 'version') {
      io.stdout(
        `swarmlift-stack ${typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'dev'}\n`,
      );
      return EXIT.ok;
    }
  } catch (error) {
    return report(error, io);
  }
  let remote: Remote | undefined;
  try {
    if (command.command === 'rm') {
      remote = await open(command.ssh, env);
      const { removeStack } = await import('../remove-stack.js');
      const result = await removeStack({
        remote,
        stack: command.stack,
        onEvent: (e) => io.stderr(describe(e)),
      });
      if (
        result.services.length +
          result.networks.length +
          result.secrets.length +
          result.configs.length ===
        0
      ) {
        io.stderr(`Nothing found in stack: ${command.stack}\n`);
      }
      for (const failure of result.failed)
        io.stderr(`Failed to remove ${failure.kind} ${failure.name}: ${failure.reason}\n`);
      return result.failed.length > 0 ? EXIT.failed : EXIT.ok;
    }
    // Load the file while the SSH handshake runs; a bad file wins (exit 2) over an unreachable engine.
    // The connection first: its handshake then waits on the network while the loader compiles.
    const remotePromise = open(command.ssh, env);
    const stackPromise = import('../load-stack.js').then(({ loadStack }) =>
      loadStack({ files: command.files, stackName: command.stack, env }),
    );
    const [stack, connected] = await Promise.allSettled([stackPromise, remotePromise]);
    if (connected.status === 'fulfilled') remote = connected.value;
    if (stack.status === 'rejected') throw stack.reason;
    if (connected.status === 'rejected') throw connected.reason;
    const loaded = stack.value;
    const images = loaded.services.map((service) => service.image);
    const [{ readDockerConfigAuth }, { planStack }, { formatPlan }] = await Promise.all([
      import('../registry-auth.js'),
      import('../plan-stack.js'),
      import('../format-plan.js'),
    ]);
    // Credentials resolve digests in any case; they go to the swarm only with --with-registry-auth.
    const auth = await readDockerConfigAuth({ images, env });
    const plan = await planStack({
      remote: remote as Remote,
      stack: loaded,
      auth,
      resolveImage: command.resolveImage,
      prune: command.prune,
    });
    io.stdout(formatPlan(plan));
    if (command.command === 'plan') return EXIT.ok;
    if (plan.unchanged) return EXIT.ok;
    const { applyPlan } = await import('../apply-plan.js');
    const record = await applyPlan({
      remote: remote as Remote,
      plan,
      ...(command.withRegistryAuth ? { auth } : {}),
      onEvent: (event) => io.stderr(describe(event)),
    });
    const changed = record.services.filter((service) => service.action !== 'unchanged').length;
    io.stdout(
      `Applied: ${changed} service(s) created or updated, ${record.removedServices.length} removed. Not waiting for convergence.\n`,
    );
    return EXIT.ok;
  } catch (error) {
    return report(error, io);
  } finally {
    await remote?.close().catch(() => {});
  }
}

async function open(
  ssh: import('./parse-args.js').SshFlags,
  env: Record<string, string | undefined>,
): Promise<Remote> {
  const [{ connect }, { connectOptionsFor }] = await Promise.all([
    import('@swarmlift/remote'),
    import('./connect-options.js'),
  ]);
  return connect(await connectOptionsFor(ssh, env));
}

function report(error: unknown, io: CliIo): number {
  const { code, message, hint } = error as { code?: string; message?: string; hint?: string };
  const text = `${message ?? String(error)}${hint ? `\nHint: ${hint}` : ''}\n`;
  if (SwarmDeployerError.isInstance(error)) {
    io.stderr(`Error: ${text}`);
    return code === 'USAGE_INVALID' || code?.startsWith('COMPOSE_') ? EXIT.invalid : EXIT.failed;
  }
  const syscall = (error as { syscall?: string }).syscall;
  if (syscall === 'connect' && typeof code === 'string') {
    // A local engine socket that is missing or refuses: the engine cannot be reached.
    io.stderr(
      `Cannot reach the engine at ${(error as { address?: string }).address ?? 'its socket'} (${code}).\nHint: Check DOCKER_HOST and that the Docker engine runs.\n`,
    );
    return EXIT.unreachable;
  }
  if (typeof code === 'string' && UNREACHABLE.test(code)) {
    io.stderr(`Cannot reach or trust the engine (${code}): ${text}`);
    return EXIT.unreachable;
  }
  io.stderr(`Error: ${text}`);
  return EXIT.failed;
}

function describe(event: DeployEvent): string {
  switch (event.type) {
    case 'network_created':
      return `Creating network ${event.name}\n`;
    case 'secret_created':
      return `Creating secret ${event.name}\n`;
    case 'config_created':
      return `Creating config ${event.name}\n`;
    case 'service_created':
      return `Creating service ${event.name}\n`;
    case 'service_updated':
      return `Updating service ${event.name} (id: ${event.id})\n`;
    case 'service_unchanged':
      return '';
    case 'service_removed':
      return `Removing service ${event.name}\n`;
    case 'network_removed':
      return `Removing network ${event.name}\n`;
    case 'secret_removed':
      return `Removing secret ${event.name}\n`;
    case 'config_removed':
      return `Removing config ${event.name}\n`;
    case 'service_update_retried':
      return `Service ${event.name} changed meanwhile; updating again (attempt ${event.attempt + 1})\n`;
    case 'warning':
      return `Warning: ${event.message}\n`;
  }
}

declare const PACKAGE_VERSION: string;
