import type Docker from 'dockerode';
import type { DeployedService, DeployRecord } from './deploy-record.js';
import { SwarmDeployerError } from './errors.js';
import type { DeployEvent } from './events.js';
import { mapLimit } from './map-limit.js';
import type { Plan, SecretOrConfigPlan, ServicePlan } from './plan.js';
import {
  encodeRegistryAuth,
  isShortLivedCredential,
  type RegistryAuth,
  registryOf,
} from './registry-auth.js';
import { engineMessage } from './resolve-digest.js';
import { stackFilter } from './stack-labels.js';

export interface ApplyPlanOptions {
  /** A connected `@swarmlift/remote` Remote (only its `docker` is used). */
  remote: { docker: Docker };
  plan: Plan;
  /**
   * Registry credentials sent with every service create/update
   * (X-Registry-Auth), so each node can pull private images
   * (`docker stack deploy --with-registry-auth`). Swarm keeps them for later pulls.
   */
  auth?: RegistryAuth;
  onEvent?: (event: DeployEvent) => void;
  /** Service creates/updates at once. Default 8. */
  concurrency?: number;
}

const UPDATE_ATTEMPTS = 5;

/**
 * Applies a plan: networks, then secrets and configs, then services (in
 * parallel, bounded), then removes what the plan removes (pruned services,
 * networks, and old versions of the stack's secrets and configs). Returns
 * the DeployRecord stack-waiter needs to judge exactly this deploy.
 */
export async function applyPlan(options: ApplyPlanOptions): Promise<DeployRecord> {
  const { docker } = options.remote;
  const { plan } = options;
  const emit = options.onEvent ?? (() => {});
  const startedAt = new Date().toISOString();
  warnAboutCredentials(plan, options.auth, emit);

  // Pruned services first, as the CLI does: they may hold ports or names the new ones need.
  const removed = plan.services.filter((service) => service.action === 'remove');
  await mapLimit(removed, options.concurrency ?? 8, async (service) => {
    await step(
      `remove service ${service.name}`,
      () => docker.getService(service.id ?? service.name).remove(),
      true,
    );
    emit({ type: 'service_removed', name: service.name, id: service.id ?? '' });
  });

  for (const network of plan.networks) {
    if (network.action !== 'create' || !network.create) continue;
    const created = await step(`create network ${network.name}`, () =>
      docker.createNetwork(network.create as Docker.NetworkCreateOptions),
    );
    emit({ type: 'network_created', name: network.name, id: created.id });
  }

  const secretIds = await createAll(docker, plan.secrets, emit);
  const configIds = await createAll(docker, plan.configs, emit);

  // Unchanged services: their current versions in one list call rather than an inspect each.
  const unchanged = plan.services.some((service) => service.action === 'unchanged')
    ? new Map(
        ((await docker.listServices({ filters: stackFilter(plan.stack) })) as Docker.Service[]).map(
          (service) => [service.ID, service],
        ),
      )
    : new Map<string, Docker.Service>();
  const deployed = await mapLimit(
    plan.services.filter((service) => service.action !== 'remove'),
    options.concurrency ?? 8,
    (service) =>
      deployService({ docker, service, secretIds, configIds, auth: options.auth, emit, unchanged }),
  );

  // After the services stopped referring to them: old secret/config versions, pruned networks.
  await cleanUp(docker, [...plan.secrets, ...plan.configs], plan.networks, emit);

  return {
    stack: plan.stack,
    startedAt,
    finishedAt: new Date().toISOString(),
    services: deployed,
    removedServices: removed.map((service) => service.name),
  };
}

function warnAboutCredentials(
  plan: Plan,
  auth: RegistryAuth | undefined,
  emit: (event: DeployEvent) => void,
): void {
  const registries = new Set(
    plan.services.filter((s) => s.action !== 'remove').map((s) => registryOf(s.image)),
  );
  for (const registry of registries) {
    const credential = auth?.[registry];
    if (credential && isShortLivedCredential(credential)) {
      emit({
        type: 'warning',
        code: 'SHORT_LIVED_REGISTRY_CREDENTIAL',
        message: `The credential for ${registry} looks short-lived (a GitHub Actions token); Swarm keeps it for later pulls (rescheduled tasks, new nodes), which fail once it expires. Deploy with a long-lived read-only token.`,
      });
    }
  }
}

async function createAll(
  docker: Docker,
  items: SecretOrConfigPlan[],
  emit: (event: DeployEvent) => void,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const item of items) if (item.id && item.action !== 'remove') ids.set(item.name, item.id);
  for (const item of items) {
    if (item.action !== 'create') continue;
    const body: Record<string, unknown> = {
      Name: item.name,
      Labels: item.labels ?? {},
      Data: (item.data ?? Buffer.alloc(0)).toString('base64'),
    };
    if (item.driver) body.Driver = { Name: item.driver };
    if (item.templateDriver) body.Templating = { Name: item.templateDriver };
    const created = (await step(`create ${item.kind} ${item.name}`, () =>
      item.kind === 'secret' ? docker.createSecret(body) : docker.createConfig(body),
    )) as { id?: string; ID?: string };
    const id = created.id ?? created.ID ?? '';
    ids.set(item.name, id);
    emit({
      type: item.kind === 'secret' ? 'secret_created' : 'config_created',
      name: item.name,
      id,
    });
  }
  return ids;
}

async function deployService(input: {
  docker: Docker;
  service: ServicePlan;
  secretIds: Map<string, string>;
  configIds: Map<string, string>;
  auth: RegistryAuth | undefined;
  emit: (event: DeployEvent) => void;
  unchanged: Map<string, Docker.Service>;
}): Promise<DeployedService> {
  const { docker, service, emit } = input;
  const base = {
    name: service.name,
    image: service.image,
    ...(service.digest ? { digest: service.digest } : {}),
  };
  if (service.action === 'unchanged') {
    const current =
      input.unchanged.get(service.id ?? '') ??
      (await step(`inspect service ${service.name}`, () =>
        docker.getService(service.id ?? service.name).inspect(),
      ));
    emit({ type: 'service_unchanged', name: service.name, id: current.ID });
    return {
      ...base,
      id: current.ID,
      action: 'unchanged',
      versionAfter: current.Version?.Index ?? 0,
      forceUpdate: current.Spec?.TaskTemplate?.ForceUpdate ?? 0,
    };
  }
  const spec = withIds(service.spec ?? {}, input.secretIds, input.configIds);
  const encoded = encodeRegistryAuth(input.auth, service.image);
  const authconfig = encoded ? { base64: encoded } : undefined;
  const template = spec.TaskTemplate as { ForceUpdate?: number };

  if (service.action === 'create') {
    const updateStartedAt = new Date().toISOString();
    const created = await step(`create service ${service.name}`, () =>
      docker.createService(authconfig as unknown as Docker.AuthConfig, spec),
    );
    const after = await docker.getService(created.id).inspect();
    emit({ type: 'service_created', name: service.name, id: created.id });
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
  const handle = docker.getService(service.id ?? service.name);
  let version = service.version ?? 0;
  for (let attempt = 1; ; attempt++) {
    const updateStartedAt = new Date().toISOString();
    try {
      const body = { _query: { version }, _body: spec };
      // dockerode: (auth, opts) sends X-Registry-Auth; the version goes in the query, the spec in the body.
      const update = handle.update.bind(handle) as unknown as (
        ...args: unknown[]
      ) => Promise<unknown>;
      const response = (await (authconfig ? update(authconfig, body) : update(body))) as
        | { Warnings?: string[] | null }
        | undefined;
      for (const warning of response?.Warnings ?? []) {
        emit({ type: 'warning', code: 'ENGINE_WARNING', message: `${service.name}: ${warning}` });
      }
    } catch (error) {
      if (attempt < UPDATE_ATTEMPTS && /update out of sequence/i.test(engineMessage(error))) {
        emit({ type: 'service_update_retried', name: service.name, attempt });
        const current = await handle.inspect();
        version = current.Version?.Index ?? version;
        template.ForceUpdate = current.Spec?.TaskTemplate?.ForceUpdate ?? template.ForceUpdate;
        continue;
      }
      throw deployFailed(`update service ${service.name}`, error);
    }
    const after = await handle.inspect();
    emit({ type: 'service_updated', name: service.name, id: after.ID, versionBefore: version });
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

/** The spec with SecretID/ConfigID filled in from the (existing or just created) objects. */
function withIds(
  spec: Docker.ServiceSpec,
  secretIds: Map<string, string>,
  configIds: Map<string, string>,
): Docker.ServiceSpec {
  const copy = structuredClone(spec);
  const container = (copy.TaskTemplate as { ContainerSpec?: Record<string, unknown> } | undefined)
    ?.ContainerSpec;
  for (const secret of (container?.Secrets as
    | { SecretName?: string; SecretID?: string }[]
    | undefined) ?? []) {
    if (!secret.SecretID && secret.SecretName)
      secret.SecretID = secretIds.get(secret.SecretName) ?? '';
  }
  for (const config of (container?.Configs as
    | { ConfigName?: string; ConfigID?: string }[]
    | undefined) ?? []) {
    if (!config.ConfigID && config.ConfigName)
      config.ConfigID = configIds.get(config.ConfigName) ?? '';
  }
  return copy;
}

async function cleanUp(
  docker: Docker,
  items: SecretOrConfigPlan[],
  networks: Plan['networks'],
  emit: (event: DeployEvent) => void,
): Promise<void> {
  for (const item of items) {
    if (item.action !== 'remove') continue;
    try {
      await (item.kind === 'secret'
        ? docker.getSecret(item.id ?? item.name).remove()
        : docker.getConfig(item.id ?? item.name).remove());
      emit({ type: item.kind === 'secret' ? 'secret_removed' : 'config_removed', name: item.name });
    } catch (error) {
      if (statusOf(error) === 404) continue;
      emit({
        type: 'warning',
        code: 'CLEANUP_FAILED',
        message: `Could not remove the old ${item.kind} ${item.name}: ${engineMessage(error)}`,
      });
    }
  }
  const pruned = networks.filter((network) => network.action === 'remove');
  await Promise.all(
    pruned.map(async (network) => {
      // Tasks of pruned services leave the network a moment after their service is gone.
      const deadline = Date.now() + 20_000;
      for (;;) {
        try {
          await docker.getNetwork(network.id ?? network.name).remove();
          emit({ type: 'network_removed', name: network.name });
          return;
        } catch (error) {
          if (statusOf(error) === 404) return;
          if (Date.now() > deadline || !/active endpoints|in use/i.test(engineMessage(error))) {
            emit({
              type: 'warning',
              code: 'CLEANUP_FAILED',
              message: `Could not remove the network ${network.name}: ${engineMessage(error)}`,
            });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    }),
  );
}

async function step<T>(what: string, run: () => Promise<T>, allowMissing = false): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (allowMissing && statusOf(error) === 404) return undefined as T;
    throw deployFailed(what, error);
  }
}

function deployFailed(what: string, error: unknown): SwarmDeployerError {
  return new SwarmDeployerError({
    code: 'DEPLOY_FAILED',
    message: `Could not ${what}: ${engineMessage(error)}`,
    hint: 'Fix the cause and deploy again: what was applied stays, and the next plan shows what is left.',
    cause: error,
  });
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number })?.statusCode;
}
