import type Docker from 'dockerode';
import { diffSpec } from './diff-spec.js';
import type { SwarmObject, TaskTemplateFields } from './engine-types.js';
import { SwarmDeployerError, type SwarmDeployerErrorCode } from './errors.js';
import { digestOf, pinnedImage, taggedImage } from './image-reference.js';
import { mapLimit } from './map-limit.js';
import { normalizeSpec } from './normalize-spec.js';
import type {
  NetworkPlan,
  Plan,
  PlanWarning,
  ResolveImageMode,
  SecretOrConfigPlan,
  ServicePlan,
} from './plan.js';
import {
  encodeRegistryAuth,
  isShortLivedCredential,
  type RegistryAuth,
  registryOf,
} from './registry-auth.js';
import { type ResolvedImage, resolveDigest } from './resolve-digest.js';
import type { LoadedStack, StackSecretOrConfig, StackService } from './stack.js';
import { IMAGE_LABEL, NAMESPACE_LABEL, stackFilter } from './stack-labels.js';

export interface PlanStackOptions {
  /** A connected `@swarmlift/remote` Remote (only its `docker` is used). */
  remote: { docker: Docker };
  stack: LoadedStack;
  /** Registry credentials, used here to resolve digests (nothing is sent to the swarm). */
  auth?: RegistryAuth;
  /**
   * When to ask the registry for the image digest, as `docker stack deploy
   * --resolve-image`: `always` (default), `changed` (new services and changed
   * images only), `never`.
   */
  resolveImage?: ResolveImageMode;
  /** Remove services, networks, secrets and configs of the stack that the file no longer has. */
  prune?: boolean;
  /** Registry look-ups at once. Default 8. */
  concurrency?: number;
}

/** Networks that exist on every node without being created (the CLI does not look them up). */
const BUILTIN_NETWORKS = new Set(['host', 'bridge', 'none', 'default']);

/**
 * Compares the loaded stack with what the swarm runs and says what applyPlan
 * would create, update (field by field), leave alone or remove. Reads only:
 * planning changes nothing on the swarm. Missing images and missing external
 * networks, secrets and configs fail here, before anything changes.
 */
export async function planStack(options: PlanStackOptions): Promise<Plan> {
  const { docker } = options.remote;
  const { stack } = options;
  const resolveImage = options.resolveImage ?? 'always';
  const prune = options.prune ?? false;
  const filters = stackFilter(stack.name);
  const [services, networks, secrets, configs] = await Promise.all([
    docker.listServices({ filters }) as Promise<Docker.Service[]>,
    docker.listNetworks() as Promise<Docker.NetworkInspectInfo[]>,
    docker.listSecrets() as unknown as Promise<SwarmObject[]>,
    docker.listConfigs() as unknown as Promise<SwarmObject[]>,
  ]);
  const problems: { code: SwarmDeployerErrorCode; message: string; hint: string }[] = [];

  const networkPlans = planNetworks(stack, networks, prune, problems);
  const secretPlans = planSecretsOrConfigs(
    'secret',
    stack,
    stack.secrets,
    secrets,
    prune,
    problems,
  );
  const configPlans = planSecretsOrConfigs(
    'config',
    stack,
    stack.configs,
    configs,
    prune,
    problems,
  );
  const networkNames = new Map(networks.map((network) => [network.Id, network.Name]));
  const existing = new Map(services.map((service) => [service.Spec?.Name ?? '', service]));

  // Services that share an image (web, worker, …) share one registry look-up.
  const lookups = new Map<string, Promise<ResolvedImage>>();
  const resolveOnce = (image: string, writtenImage: string, serviceName: string) => {
    let lookup = lookups.get(image);
    if (!lookup) {
      lookup = resolveDigest({
        docker,
        image,
        encodedAuth: encodeRegistryAuth(options.auth, writtenImage),
        service: serviceName,
      });
      lookups.set(image, lookup);
    }
    return lookup;
  };
  const servicePlans = await mapLimit(stack.services, options.concurrency ?? 8, (service) =>
    planService({
      resolveOnce,
      service,
      stack,
      existing: existing.get(service.fullName),
      docker,
      options,
      resolveImage,
      networkNames,
    }).catch((error: unknown) => {
      if (!SwarmDeployerError.isInstance(error)) throw error;
      problems.push({ code: error.code, message: error.message, hint: error.hint });
      return undefined;
    }),
  );
  if (problems.length > 0) {
    const first = problems[0] as (typeof problems)[number];
    throw new SwarmDeployerError({
      code: first.code,
      message:
        problems.length === 1
          ? first.message
          : `${problems.length} problems, nothing was changed:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`,
      hint: first.hint,
    });
  }

  const wanted = new Set(stack.services.map((service) => service.fullName));
  const removals: ServicePlan[] = prune
    ? services
        .filter((service) => !wanted.has(service.Spec?.Name ?? ''))
        .map((service) => {
          const name = service.Spec?.Name ?? service.ID;
          const image = service.Spec?.Labels?.[IMAGE_LABEL] ?? '';
          return {
            key: name.startsWith(`${stack.name}_`) ? name.slice(stack.name.length + 1) : name,
            name,
            action: 'remove' as const,
            id: service.ID,
            version: service.Version?.Index ?? 0,
            image,
            deployImage:
              (service.Spec?.TaskTemplate as TaskTemplateFields | undefined)?.ContainerSpec
                ?.Image ?? image,
            resolved: false,
            changes: [],
          };
        })
    : [];

  const warnings: PlanWarning[] = stack.warnings.map((warning) => ({
    code: warning.code,
    message: warning.source
      ? `${warning.source.file}:${warning.source.line}: ${warning.message}`
      : warning.message,
  }));
  const usedRegistries = new Set(stack.services.map((service) => registryOf(service.image)));
  for (const [registry, credential] of Object.entries(options.auth ?? {})) {
    if (usedRegistries.has(registry) && isShortLivedCredential(credential)) {
      warnings.push({
        code: 'SHORT_LIVED_REGISTRY_CREDENTIAL',
        message: `The credential for ${registry} looks short-lived (a GitHub Actions token); Swarm keeps it for later pulls, which fail once it expires. Use a long-lived read-only token for deploys.`,
      });
    }
  }

  const allServices = [...(servicePlans as ServicePlan[]), ...removals];
  const plan: Plan = {
    stack: stack.name,
    plannedAt: new Date().toISOString(),
    resolveImage,
    prune,
    networks: networkPlans,
    secrets: secretPlans,
    configs: configPlans,
    services: allServices,
    warnings,
    unchanged: [...networkPlans, ...secretPlans, ...configPlans, ...allServices].every(
      (item) => item.action === 'unchanged',
    ),
  };
  return plan;
}

function planNetworks(
  stack: LoadedStack,
  existing: Docker.NetworkInspectInfo[],
  prune: boolean,
  problems: { code: SwarmDeployerErrorCode; message: string; hint: string }[],
): NetworkPlan[] {
  const byName = new Map<string, Docker.NetworkInspectInfo[]>();
  for (const network of existing)
    byName.set(network.Name, [...(byName.get(network.Name) ?? []), network]);
  const plans: NetworkPlan[] = [];
  for (const network of stack.networks) {
    const found = byName.get(network.fullName);
    if (network.external) {
      if (BUILTIN_NETWORKS.has(network.fullName)) {
        plans.push({ name: network.fullName, action: 'unchanged', external: true });
        continue;
      }
      const swarmScoped = found?.find((candidate) => candidate.Scope === 'swarm');
      if (!swarmScoped) {
        problems.push({
          code: 'NETWORK_NOT_FOUND',
          message: found
            ? `Network "${network.fullName}" is declared as external, but it is a ${found[0]?.Scope}-scoped network, not a swarm one.`
            : `Network "${network.fullName}" is declared as external, but it does not exist.`,
          hint: `Create it first: docker network create --driver overlay --attachable ${network.fullName}`,
        });
        continue;
      }
      plans.push({
        name: network.fullName,
        action: 'unchanged',
        external: true,
        id: swarmScoped.Id,
      });
      continue;
    }
    const own = found?.find((candidate) => candidate.Labels?.[NAMESPACE_LABEL] === stack.name);
    if (own) {
      plans.push({ name: network.fullName, action: 'unchanged', external: false, id: own.Id });
      continue;
    }
    const create: Docker.NetworkCreateOptions = {
      ...(network.create ?? { Name: network.fullName }),
      Name: network.fullName,
    };
    create.Driver = create.Driver || 'overlay';
    create.Labels = { ...create.Labels, [NAMESPACE_LABEL]: stack.name };
    plans.push({ name: network.fullName, action: 'create', external: false, create });
  }
  if (prune) {
    const wanted = new Set(stack.networks.map((network) => network.fullName));
    for (const network of existing) {
      if (network.Labels?.[NAMESPACE_LABEL] !== stack.name || wanted.has(network.Name)) continue;
      plans.push({ name: network.Name, action: 'remove', external: false, id: network.Id });
    }
  }
  return plans;
}

function planSecretsOrConfigs(
  kind: 'secret' | 'config',
  stack: LoadedStack,
  wanted: StackSecretOrConfig[],
  existing: SwarmObject[],
  prune: boolean,
  problems: { code: SwarmDeployerErrorCode; message: string; hint: string }[],
): SecretOrConfigPlan[] {
  const byName = new Map(existing.map((item) => [item.Spec?.Name ?? '', item]));
  const plans: SecretOrConfigPlan[] = [];
  for (const item of wanted) {
    const found = byName.get(item.fullName);
    if (item.external) {
      if (!found) {
        problems.push({
          code: kind === 'secret' ? 'SECRET_NOT_FOUND' : 'CONFIG_NOT_FOUND',
          message: `The ${kind} "${item.fullName}" is declared as external, but it does not exist.`,
          hint: `Create it first: printf %s "$VALUE" | docker ${kind} create ${item.fullName} -`,
        });
        continue;
      }
      plans.push({
        kind,
        key: item.name,
        name: item.fullName,
        action: 'unchanged',
        external: true,
        id: found.ID,
      });
      continue;
    }
    if (found) {
      plans.push({
        kind,
        key: item.name,
        name: item.fullName,
        action: 'unchanged',
        external: false,
        id: found.ID,
      });
      continue;
    }
    const plan: SecretOrConfigPlan = {
      kind,
      key: item.name,
      name: item.fullName,
      action: 'create',
      external: false,
      labels: { ...item.labels, [NAMESPACE_LABEL]: stack.name },
    };
    if (item.driver) plan.driver = item.driver;
    if (item.templateDriver) plan.templateDriver = item.templateDriver;
    // The content rides along out of sight: not enumerable, so never printed or serialised.
    Object.defineProperty(plan, 'data', { value: item.data ?? Buffer.alloc(0), enumerable: false });
    plans.push(plan);
  }
  const wantedNames = new Set(wanted.map((item) => item.fullName));
  const wantedKeys = new Set(wanted.map((item) => item.name));
  for (const item of existing) {
    const name = item.Spec?.Name ?? '';
    if (item.Spec?.Labels?.[NAMESPACE_LABEL] !== stack.name || wantedNames.has(name)) continue;
    const key = keyOf(stack.name, name);
    // An older version of a secret the file still has goes after every deploy; one the file dropped, with prune.
    if (!wantedKeys.has(key) && !prune) continue;
    plans.push({ kind, key, name, action: 'remove', external: false, id: item.ID });
  }
  return plans;
}

/** `stack_db_password_0123456789ab` → `db_password` (also `stack_db_password`, as the CLI names them). */
function keyOf(stack: string, name: string): string {
  const rest = name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name;
  return rest.replace(/_[0-9a-f]{8,64}$/, '');
}

async function planService(input: {
  service: StackService;
  stack: LoadedStack;
  existing: Docker.Service | undefined;
  docker: Docker;
  options: PlanStackOptions;
  resolveImage: ResolveImageMode;
  networkNames: ReadonlyMap<string, string>;
  resolveOnce: (image: string, writtenImage: string, serviceName: string) => Promise<ResolvedImage>;
}): Promise<ServicePlan> {
  const { service, stack, existing, resolveImage } = input;
  const spec = structuredClone(service.spec) as Docker.ServiceSpec;
  spec.Name = service.fullName;
  spec.Labels = { ...spec.Labels, [NAMESPACE_LABEL]: stack.name, [IMAGE_LABEL]: service.image };
  spec.TaskTemplate = spec.TaskTemplate ?? {};
  const template = spec.TaskTemplate as TaskTemplateFields;
  template.ContainerSpec = template.ContainerSpec ?? {};
  template.ContainerSpec.Image = taggedImage(service.image);

  const stored = existing?.Spec as
    | { Labels?: Record<string, string>; TaskTemplate?: TaskTemplateFields }
    | undefined;
  const imageChanged = stored?.Labels?.[IMAGE_LABEL] !== service.image;
  const resolve =
    resolveImage === 'always' || (resolveImage === 'changed' && (!existing || imageChanged));
  if (resolve) {
    const resolved = await input.resolveOnce(
      template.ContainerSpec.Image,
      service.image,
      service.fullName,
    );
    template.ContainerSpec.Image = pinnedImage(template.ContainerSpec.Image, resolved.digest);
    if (resolved.platforms.length > 0) {
      template.Placement = { ...template.Placement, Platforms: resolved.platforms };
    }
  } else if (existing && !imageChanged) {
    // As the CLI: keep the image pinned by an earlier deploy. Unlike the CLI, keep its platforms
    // too, so an unchanged file makes no service update at all.
    const storedImage = stored?.TaskTemplate?.ContainerSpec?.Image;
    if (storedImage) template.ContainerSpec.Image = storedImage;
    const platforms = stored?.TaskTemplate?.Placement?.Platforms;
    if (platforms && platforms.length > 0)
      template.Placement = { ...template.Placement, Platforms: platforms };
  }
  if (existing) template.ForceUpdate = stored?.TaskTemplate?.ForceUpdate ?? 0;

  const deployImage = template.ContainerSpec.Image;
  const digest = digestOf(deployImage);
  const base = {
    key: service.name,
    name: service.fullName,
    image: service.image,
    deployImage,
    resolved: resolve,
    ...(digest ? { digest } : {}),
  };
  if (!existing) return withSpec({ ...base, action: 'create', changes: [] }, spec);
  const changes = diffSpec(
    normalizeSpec(existing.Spec, { networkNames: input.networkNames }),
    normalizeSpec(spec, { networkNames: input.networkNames }),
  );
  return withSpec(
    {
      ...base,
      action: changes.length > 0 ? 'update' : 'unchanged',
      id: existing.ID,
      version: existing.Version?.Index ?? 0,
      changes,
    },
    spec,
  );
}

/** The spec holds environment values: kept out of sight, so printing or serialising a plan never shows them. */
function withSpec(plan: ServicePlan, spec: Docker.ServiceSpec): ServicePlan {
  Object.defineProperty(plan, 'spec', { value: spec, enumerable: false });
  return plan;
}
