import { readStackLock } from '@swarmlift/remote';
import { readStackStatus, StackWaiterError } from '@swarmlift/stack-waiter';
import { CliError } from '../errors.js';
import { describeError } from '../output/describe-error.js';
import type { RunSummary } from '../output/reporter.js';
import { formatStatus } from '../status/format-status.js';
import { buildStatusReport, type PartResult } from '../status/status-report.js';
import type { CommandBody } from './run-command.js';

/** Each read may take this long; together they answer in one round trip. */
const READ_TIMEOUT_MS = 20_000;

/**
 * `swarmlift status`: the stack now — each service's version, tasks, update
 * state and last task error, the lock, the live static release and the last
 * deploy — read in parallel over the one SSH session. Exit 0 when every
 * service runs as desired, 1 otherwise. The table is the command's output
 * (stdout); with `--json` stdout holds one JSON document: the summary line,
 * whose `data` is the whole report.
 */
export const statusCommand: CommandBody = async (context) => {
  const { settings, signal } = context;
  // Loaded while the SSH handshake runs: they are only needed once it is done.
  const modules = Promise.all([
    import('@swarmlift/static-sync'),
    import('@swarmlift/swarm-deployer'),
  ]);
  const remote = await context.manager();
  const [{ readStaticState }, { listDeploys }] = await modules;
  const options = { remote, stack: settings.stack, signal, timeoutMs: READ_TIMEOUT_MS };
  const several = settings.staticHosts.length > 0 && Boolean(settings.staticTarget);
  const [stack, lock, staticState, deploys, staticHosts] = await Promise.all([
    readStackStatus(options).catch((error: unknown) => {
      if (StackWaiterError.hasCode(error, 'WAIT_STACK_EMPTY')) throw stackNotFound(settings.stack);
      throw error;
    }),
    settle(readStackLock(options)),
    settings.staticTarget && !several
      ? settle(
          readStaticState({
            remote,
            target: settings.staticTarget,
            signal,
            timeoutMs: READ_TIMEOUT_MS,
          }).then((state) => ({ target: settings.staticTarget, state })),
        )
      : undefined,
    settle(listDeploys(options).then((result) => result.records)),
    several ? readStaticHosts(context, readStaticState) : undefined,
  ]);
  if (stack.services.length === 0) throw stackNotFound(settings.stack);

  const report = buildStatusReport({
    stack,
    appService: settings.appService,
    lock,
    static: staticState,
    staticHosts,
    deploys,
  });
  context.reporter.output(`${formatStatus(report, Date.now()).join('\n')}\n`);
  const summary: RunSummary = {
    command: 'status',
    status: report.healthy ? 'ok' : 'failed',
    exitCode: report.healthy ? 0 : 1,
    durationMs: 0,
    stack: settings.stack,
    steps: [],
    ...(report.healthy
      ? {}
      : {
          error: {
            code: 'CLI_STACK_UNHEALTHY',
            message: `${report.services
              .filter((service) => !service.ok)
              .map((service) => `${service.name}: ${service.problem}`)
              .join('; ')}`,
            hint: 'Read each service’s last error above; `swarmlift logs SERVICE` shows its output.',
          },
        }),
    data: report as unknown as Record<string, unknown>,
  };
  return summary;
};

/**
 * Each STATIC_HOSTS host's static state. A host that cannot be reached makes
 * every host a problem naming it (the sessions open together), not a failure.
 */
async function readStaticHosts(
  context: Parameters<CommandBody>[0],
  readStaticState: typeof import('@swarmlift/static-sync').readStaticState,
) {
  const { settings, signal } = context;
  const target = settings.staticTarget;
  let hosts: Awaited<ReturnType<typeof context.staticHosts>>;
  try {
    hosts = await context.staticHosts();
  } catch (error) {
    const described = describeError(error);
    return [
      {
        host: 'STATIC_HOSTS',
        target,
        result: { ok: false as const, code: described.code, message: described.message },
      },
    ];
  }
  return Promise.all(
    hosts.map(async ({ host, remote }) => ({
      host,
      target,
      result: await settle(readStaticState({ remote, target, signal, timeoutMs: READ_TIMEOUT_MS })),
    })),
  );
}

/** A part's value, or why it could not be read (the status goes on without it). */
function settle<T>(promise: Promise<T>): Promise<PartResult<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => {
      const described = describeError(error);
      return { ok: false as const, code: described.code, message: described.message };
    },
  );
}

function stackNotFound(stack: string): CliError {
  return new CliError({
    code: 'CLI_STACK_NOT_FOUND',
    message: `Stack ${stack} has no services on this swarm.`,
    hint: 'Check STACK_NAME (`docker stack ls` on the manager) and that SWARM_MANAGER_IP (or DOCKER_HOST) names the manager it was deployed to.',
  });
}
