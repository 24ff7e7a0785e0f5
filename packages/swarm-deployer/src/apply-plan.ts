import {
  CancelledError,
  type CredentialsOption,
  checkCredentialsOption,
  checkFunction,
  checkSignal,
  checkTimeoutMs,
  credentialsFor,
  encodeRegistryAuth,
  engineMessage,
  engineStatusCode,
  isAbortError,
  isEngineUnreachable,
  mapLimit,
  OptionsError,
  raceAbort,
  SwarmliftError,
  sleep,
  stackFilter,
  TimedOutError,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import { checkRemote, type DockerRemote } from '@swarmlift/remote';
import type Docker from 'dockerode';
import { applySteps } from './apply-steps.js';
import { checkConcurrency } from './check-concurrency.js';
import type { DeployedService, DeployRecord } from './deploy-record.js';
import { engineRequest } from './engine-request.js';
import { ApplyError } from './errors.js';
import type { DeployEvent } from './events.js';
import type {
  NetworkRemovePlan,
  Plan,
  SecretOrConfigPlan,
  SecretOrConfigRemovePlan,
  ServicePlan,
  ServiceRemovePlan,
} from './plan.js';
import { shortLivedCredentialWarnings } from './plan-warnings.js';
import { withSecretIds } from './with-secret-ids.js';

export interface ApplyPlanOptions {
  /** What `connect()` from `@swarmlift/remote` returns (only its Docker API is used). */
  remote: DockerRemote;
  /** What planStack returned. */
  plan: Plan;
  /**
   * Registry credentials (core's `readRegistryCredentials`/`registryCredentials`,
   * one or a list) sent with every service create/update (X-Registry-Auth),
   * so each node can pull private images (`docker stack deploy
   * --with-registry-auth`). Swarm keeps them for later pulls.
   */
  credentials?: CredentialsOption | undefined;
  onEvent?: ((event: DeployEvent) => void) | undefined;
  /** Service creates/updates at once. Default 8. */
  concurrency?: number | undefined;
  /**
   * Stops the apply between steps: steps already sent finish, no new one
   * starts, and the call rejects with an ApplyError (`DEPLOY_HALF_APPLIED`,
   * the CancelledError as `cause`) that lists what was applied and what not.
   */
  signal?: AbortSignal | undefined;
  /**
   * Time limit for the whole apply; past it, the step in flight is given up
   * and the call rejects like an abort (`DEPLOY_HALF_APPLIED`, a TimedOutError as `cause`).
   */
  timeoutMs?: number | undefined;
}

const UPDATE_ATTEMPTS = 5;
/** How long a pruned network may stay in use by the tasks of pruned services. */
const NETWORK_RELEASE_MS = 20_000;

/** What one apply has done so far, for the error that says where it stopped. */
interface Progress {
  applied: Set<string>;
}

/**
 * Applies a plan: pruned services, networks, then secrets and configs, then
 * services (in parallel, bounded), then old secret/config versions and
 * pruned networks. Returns the DeployRecord stack-waiter needs to judge
 * exactly this deploy. A failed step, an abort or a timeout rejects with an
 * ApplyError that says which steps were applied and which not.
 */
export async function applyPlan(options: ApplyPlanOptions): Promise<DeployRecord> {
  const { docker } = checkRemote(options.remote);
  const { plan } = options;
  const credentials = checkCredentialsOption(options.credentials);
  if (!plan || typeof plan !== 'object' || !Array.isArray(plan.services))
    throw new OptionsError({
      field: 'plan',
      message: 'is not a plan',
      hint: 'Pass what planStack returned.',
    });
  const concurrency = checkConcurrency(options.concurrency, 8);
  checkTimeoutMs(options.timeoutMs);
  checkSignal(options.signal);
  checkFunction(options.onEvent, 'onEvent');
  for (const service of plan.services)
    if (service.action !== 'remove' && !service.spec)
      throw new OptionsError({
        field: 'plan',
        message: `service ${service.name} has no spec`,
        hint: 'Pass the plan planStack returned, not a JSON copy of it (the specs are kept out of JSON, as they hold environment values).',
      });
  throwIfAborted(options.signal);
  const emit = options.onEvent ?? (() => {});
  const startedAt = new Date();
  const timer = withDeadline({
    timeoutMs: options.timeoutMs,
    what: `applying the plan for stack ${plan.stack}`,
  });
  // `stop` ends the apply between steps (abort or time); a step in flight is given up only on time.
  const stop = anySignal([options.signal, timer.signal]);
  const ctx: Context = {
    docker,
    stack: plan.stack,
    emit,
    stop,
    timeout: timer.signal,
    progress: { applied: new Set() },
  };
  for (const warning of shortLivedCredentialWarnings({
    stack: plan.stack,
    images: plan.services.filter((s) => s.action !== 'remove').map((s) => s.image),
    credentials,
  }))
    emit(warning);

  try {
    // Pruned services first, as the CLI does: they may hold ports or names the new ones need.
    const removed = plan.services.filter(
      (service): service is ServiceRemovePlan => service.action === 'remove',
    );
    await mapLimit(removed, concurrency, async (service) => {
      await step(ctx, `remove service ${service.name}`, async () => {
        await ignoreMissing(docker.getService(service.id).remove());
      });
      emit({
        type: 'service_removed',
        stack: plan.stack,
        service: service.name,
        serviceId: service.id,
      });
    });

    for (const network of plan.networks) {
      if (network.action !== 'create') continue;
      await step(ctx, `create network ${network.name}`, () => docker.createNetwork(network.create));
      emit({ type: 'network_created', stack: plan.stack, network: network.name });
    }

    const secretIds = await createAll(ctx, plan.secrets);
    const configIds = await createAll(ctx, plan.configs);

    // Unchanged services: their current versions in one list call rather than an inspect each.
    const current = plan.services.some((service) => service.action === 'unchanged')
      ? new Map(
          (
            await engineRequest(
              `list the services of stack ${plan.stack}`,
              () =>
                docker.listServices({
                  filters: stackFilter(plan.stack),
                  abortSignal: stop,
                } as Docker.ServiceListOptions),
              stop,
            )
          ).map((service) => [service.ID, service]),
        )
      : new Map<string, Docker.Service>();
    const deployed = await mapLimit(
      plan.services.filter(
        (service): service is Exclude<ServicePlan, ServiceRemovePlan> =>
          service.action !== 'remove',
      ),
      concurrency,
      (service) => {
        const encoded = encodeRegistryAuth(credentialsFor(credentials, service.image));
        return deployService(ctx, {
          service,
          spec: withSecretIds(service.spec, secretIds, configIds),
          authconfig: encoded ? { base64: encoded } : undefined,
          current,
        });
      },
    );

    // After the services stopped referring to them: old secret/config versions, pruned networks.
    await removeOldVersions(ctx, [...plan.secrets, ...plan.configs]);
    await removeNetworks(
      ctx,
      plan.networks.filter((network): network is NetworkRemovePlan => network.action === 'remove'),
    );

    const finishedAt = new Date();
    emit({
      type: 'plan_applied',
      stack: plan.stack,
      changed: deployed.filter((service) => service.action !== 'unchanged').length,
      removed: removed.length,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    });
    return {
      stack: plan.stack,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      services: deployed,
      removedServices: removed.map((service) => service.name),
    };
  } catch (error) {
    throw stoppedError(plan, ctx.progress, error);
  } finally {
    timer.dispose();
  }
}

interface Context {
  docker: Docker;
  stack: string;
  emit: (event: DeployEvent) => void;
  /** Aborts on the caller's signal or the time limit: checked between steps, and by reads. */
  stop: AbortSignal | undefined;
  /** Aborts on the time limit only: gives up a change in flight. */
  timeout: AbortSignal | undefined;
  progress: Progress;
}

/** One change on the swarm: not started once `stop` aborted; recorded as applied once the engine answered. */
async function step<T>(ctx: Context, label: string, run: () => Promise<T>): Promise<T> {
  throwIfAborted(ctx.stop);
  let result: T;
  try {
    result = await raceAbort(run(), ctx.timeout);
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new StepFailure(label, error);
  }
  ctx.progress.applied.add(label);
  return result;
}

/** A step the engine refused; turned into an ApplyError at the top, with the progress. */
class StepFailure extends Error {
  constructor(
    readonly label: string,
    override readonly cause: unknown,
  ) {
    super(`Could not ${label}: ${engineMessage(cause)}`);
  }
}

async function ignoreMissing(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (engineStatusCode(error) !== 404) throw error;
  }
}

async function createAll(ctx: Context, items: SecretOrConfigPlan[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const item of items) if (item.action === 'unchanged') ids.set(item.name, item.id);
  for (const item of items) {
    if (item.action !== 'create') continue;
    const body: Record<string, unknown> = {
      Name: item.name,
      Labels: item.labels,
      Data: item.data.toString('base64'),
    };
    if (item.driver) body.Driver = { Name: item.driver };
    if (item.templateDriver) body.Templating = { Name: item.templateDriver };
    const created = (await step(ctx, `create ${item.kind} ${item.name}`, () =>
      item.kind === 'secret' ? ctx.docker.createSecret(body) : ctx.docker.createConfig(body),
    )) as { id?: string; ID?: string };
    ids.set(item.name, created.id ?? created.ID ?? '');
    ctx.emit(
      item.kind === 'secret'
        ? { type: 'secret_created', stack: ctx.stack, secret: item.name }
        : { type: 'config_created', stack: ctx.stack, config: item.name },
    );
  }
  return ids;
}

async function deployService(
  ctx: Context,
  input: {
    service: Exclude<ServicePlan, ServiceRemovePlan>;
    spec: Docker.ServiceSpec;
    authconfig: { base64: string } | undefined;
    current: Map<string, Docker.Service>;
  },
): Promise<DeployedService> {
  const { docker, emit, stack } = ctx;
  const { service, spec, authconfig } = input;
  const base = {
    name: service.name,
    image: service.image,
    ...(service.digest ? { digest: service.digest } : {}),
  };
  const inspect = (id: string) =>
    engineRequest(
      `inspect service ${service.name}`,
      () => docker.getService(id).inspect({ abortSignal: ctx.stop }),
      ctx.stop,
    );
  if (service.action === 'unchanged') {
    const current = input.current.get(service.id) ?? (await inspect(service.id));
    emit({ type: 'service_unchanged', stack, service: service.name, serviceId: current.ID });
    return {
      ...base,
      id: current.ID,
      action: 'unchanged',
      versionAfter: current.Version?.Index ?? 0,
      forceUpdate: current.Spec?.TaskTemplate?.ForceUpdate ?? 0,
    };
  }
  const template = spec.TaskTemplate as { ForceUpdate?: number };

  if (service.action === 'create') {
    const updateStartedAt = new Date().toISOString();
    const created = await step(ctx, `create service ${service.name}`, () =>
      docker.createService(authconfig as unknown as Docker.AuthConfig, spec),
    );
    emit({ type: 'service_created', stack, service: service.name, serviceId: created.id });
    const after = await inspect(created.id);
    return {
      ...base,
      id: created.id,
      action: 'create',
      versionAfter: after.Version?.Index ?? 0,
      forceUpdate: template.ForceUpdate ?? 0,
      updateStartedAt,
    };
  }

  // update: the full spec with the version it was planned against; on "update out of
  // sequence" (someone else changed the service meanwhile) read the version again and retry.
  const handle = docker.getService(service.id);
  const label = `update service ${service.name}`;
  let version = service.version;
  for (let attempt = 1; ; attempt++) {
    const updateStartedAt = new Date().toISOString();
    const body = { _query: { version }, _body: spec };
    // dockerode: (auth, opts) sends X-Registry-Auth; the version goes in the query, the spec in the body.
    const update = handle.update.bind(handle) as unknown as (
      ...args: unknown[]
    ) => Promise<{ Warnings?: string[] | null } | undefined>;
    let response: { Warnings?: string[] | null } | undefined;
    try {
      response = await step(ctx, label, () =>
        authconfig ? update(authconfig, body) : update(body),
      );
    } catch (error) {
      if (
        error instanceof StepFailure &&
        attempt < UPDATE_ATTEMPTS &&
        /update out of sequence/i.test(engineMessage(error.cause))
      ) {
        emit({ type: 'service_update_retried', stack, service: service.name, attempt });
        const current = await inspect(service.id);
        version = current.Version?.Index ?? version;
        template.ForceUpdate = current.Spec?.TaskTemplate?.ForceUpdate ?? template.ForceUpdate;
        continue;
      }
      throw error;
    }
    for (const warning of response?.Warnings ?? []) {
      emit({
        type: 'warning',
        code: 'ENGINE_WARNING',
        message: `${service.name}: ${warning}`,
        stack,
        service: service.name,
      });
    }
    const after = await inspect(service.id);
    emit({
      type: 'service_updated',
      stack,
      service: service.name,
      serviceId: after.ID,
      versionBefore: version,
    });
    return {
      ...base,
      id: after.ID,
      action: 'update',
      versionBefore: version,
      versionAfter: after.Version?.Index ?? 0,
      forceUpdate: template.ForceUpdate ?? 0,
      updateStartedAt,
    };
  }
}

/** Old versions of the stack's secrets and configs: a failure is a warning, the deploy itself is done. */
async function removeOldVersions(ctx: Context, items: SecretOrConfigPlan[]): Promise<void> {
  for (const item of items.filter((i): i is SecretOrConfigRemovePlan => i.action === 'remove')) {
    const label = `remove ${item.kind} ${item.name}`;
    throwIfAborted(ctx.stop);
    try {
      await raceAbort(
        item.kind === 'secret'
          ? ctx.docker.getSecret(item.id).remove()
          : ctx.docker.getConfig(item.id).remove(),
        ctx.timeout,
      );
    } catch (error) {
      if (TimedOutError.isInstance(error)) throw error;
      if (engineStatusCode(error) === 404) {
        ctx.progress.applied.add(label);
        continue;
      }
      ctx.emit({
        type: 'warning',
        code: 'CLEANUP_FAILED',
        message: `Could not remove the old ${item.kind} ${item.name}: ${engineMessage(error)}`,
        stack: ctx.stack,
      });
      continue;
    }
    ctx.progress.applied.add(label);
    ctx.emit(
      item.kind === 'secret'
        ? { type: 'secret_removed', stack: ctx.stack, secret: item.name }
        : { type: 'config_removed', stack: ctx.stack, config: item.name },
    );
  }
}

/** Pruned networks, once the tasks of pruned services have left them (a failure is a warning). */
async function removeNetworks(ctx: Context, networks: NetworkRemovePlan[]): Promise<void> {
  await Promise.all(
    networks.map(async (network) => {
      const label = `remove network ${network.name}`;
      const deadline = Date.now() + NETWORK_RELEASE_MS;
      for (;;) {
        throwIfAborted(ctx.stop);
        try {
          await raceAbort(ctx.docker.getNetwork(network.id).remove(), ctx.timeout);
          ctx.progress.applied.add(label);
          ctx.emit({ type: 'network_removed', stack: ctx.stack, network: network.name });
          return;
        } catch (error) {
          if (TimedOutError.isInstance(error)) throw error;
          if (engineStatusCode(error) === 404) {
            ctx.progress.applied.add(label);
            return;
          }
          if (Date.now() > deadline || !/active endpoints|in use/i.test(engineMessage(error))) {
            ctx.emit({
              type: 'warning',
              code: 'CLEANUP_FAILED',
              message: `Could not remove the network ${network.name}: ${engineMessage(error)}`,
              stack: ctx.stack,
            });
            return;
          }
          await sleep(250, ctx.stop);
        }
      }
    }),
  );
}

/** The error applyPlan rejects with once it has started: what stopped it, and what was and was not applied. */
function stoppedError(plan: Plan, progress: Progress, error: unknown): unknown {
  if (OptionsError.isInstance(error)) return error;
  const steps = applySteps(plan);
  const applied = steps.filter((label) => progress.applied.has(label));
  const notApplied = steps.filter((label) => !progress.applied.has(label));
  const state =
    applied.length === 0
      ? 'Nothing was applied.'
      : `The stack is half-applied. Applied: ${applied.join(', ')}. Not applied: ${notApplied.length > 0 ? notApplied.join(', ') : 'none'}.`;
  if (isAbortError(error)) {
    return new ApplyError({
      code: 'DEPLOY_HALF_APPLIED',
      message: `Applying the plan for stack ${plan.stack} ${CancelledError.isInstance(error) ? 'was cancelled' : `did not finish within ${error.timeoutMs} ms`}. ${state}`,
      hint: 'Plan and apply again: what was applied stays, and the new plan shows what is left.',
      applied,
      notApplied,
      cause: error,
      category: error.category,
    });
  }
  const cause = error instanceof StepFailure ? error.cause : error;
  const what =
    error instanceof StepFailure
      ? error.message
      : SwarmliftError.isInstance(error)
        ? error.message
        : `Applying the plan for stack ${plan.stack} failed: ${engineMessage(error)}`;
  const unreachable =
    isEngineUnreachable(cause) ||
    (SwarmliftError.isInstance(cause) && cause.category === 'unreachable');
  return new ApplyError({
    code: 'DEPLOY_FAILED',
    message: `${/[.!?]$/.test(what) ? what : `${what}.`} ${state}`,
    hint: unreachable
      ? 'Check that the Docker engine can be reached, then plan and apply again: what was applied stays.'
      : 'Fix the cause and deploy again: what was applied stays, and the next plan shows what is left.',
    applied,
    notApplied,
    cause,
    category: unreachable ? 'unreachable' : 'failed',
  });
}

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
