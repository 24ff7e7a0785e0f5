import {
  type CredentialsOption,
  checkCredentialsOption,
  checkSignal,
  checkTimeoutMs,
  engineMessage,
  ImageReferenceError,
  isAbortError,
  mapLimit,
  OptionsError,
  stackFilter,
  throwIfAborted,
  withDeadline,
} from '@swarmlift/core';
import {
  checkRemote,
  type DockerRemote,
  ImageDigestError,
  resolveImageDigest,
} from '@swarmlift/remote';
import type Docker from 'dockerode';
import { checkConcurrency } from './check-concurrency.js';
import { taggedImage } from './deploy-image.js';
import { engineRequest, engineRequestError } from './engine-request.js';
import type { SwarmObject } from './engine-types.js';
import { PlanError, type PlanProblem } from './errors.js';
import type { Plan, ResolveImageMode, ServicePlan } from './plan.js';
import { planNetworks } from './plan-networks.js';
import { planSecretsOrConfigs } from './plan-secrets-or-configs.js';
import {
  planService,
  planServiceRemoval,
  type ResolvedImage,
  shouldResolveImage,
} from './plan-service.js';
import { loadWarnings, shortLivedCredentialWarnings } from './plan-warnings.js';
import type { LoadedStack } from './stack.js';

export interface PlanStackOptions {
  /** What `connect()` from `@swarmlift/remote` returns (only its Docker API is used). */
  remote: DockerRemote;
  /** What loadStack returned. */
  stack: LoadedStack;
  /**
   * Registry credentials (core's `readRegistryCredentials`/`registryCredentials`,
   * one or a list), used here to resolve digests; nothing is sent to the swarm.
   */
  credentials?: CredentialsOption | undefined;
  /**
   * When to ask the registry for the image digest, as `docker stack deploy
   * --resolve-image`: `always` (default), `changed` (new services and changed
   * images only), `never`.
   */
  resolveImage?: ResolveImageMode | undefined;
  /** Remove services, networks, secrets and configs of the stack that the file no longer has. */
  prune?: boolean | undefined;
  /** Registry look-ups at once. Default 8. */
  concurrency?: number | undefined;
  /** Aborts the planning (rejects with CancelledError); planning changes nothing. */
  signal?: AbortSignal | undefined;
  /** Time limit for the whole planning (engine reads and registry look-ups); TimedOutError past it. */
  timeoutMs?: number | undefined;
}

const RESOLVE_MODES = new Set<string>(['always', 'changed', 'never']);

/**
 * Compares the loaded stack with what the swarm runs and says what applyPlan
 * would create, update (field by field), leave alone or remove. Reads only:
 * planning changes nothing on the swarm. Missing images and missing external
 * networks, secrets and configs fail here (PlanError, every one listed),
 * before anything changes.
 */
export async function planStack(options: PlanStackOptions): Promise<Plan> {
  const { docker } = checkRemote(options.remote);
  const { stack } = options;
  const arrays = ['services', 'networks', 'secrets', 'configs', 'warnings'] as const;
  if (
    typeof stack !== 'object' ||
    stack === null ||
    typeof stack.name !== 'string' ||
    arrays.some((key) => !Array.isArray(stack[key]))
  )
    throw new OptionsError({
      field: 'stack',
      message: 'is not a loaded stack',
      hint: 'Pass what loadStack returned.',
    });
  const credentials = checkCredentialsOption(options.credentials);
  const resolveImage = options.resolveImage ?? 'always';
  if (!RESOLVE_MODES.has(resolveImage))
    throw new OptionsError({
      field: 'resolveImage',
      message: `${JSON.stringify(resolveImage)} is not one of always, changed, never`,
      hint: 'Use resolveImage: "always" (default), "changed" or "never".',
    });
  const concurrency = checkConcurrency(options.concurrency, 8);
  checkTimeoutMs(options.timeoutMs);
  checkSignal(options.signal);
  const prune = options.prune ?? false;
  throwIfAborted(options.signal);
  const deadline = withDeadline({
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    what: `planning stack ${stack.name}`,
  });
  const { signal } = deadline;
  try {
    const filters = stackFilter(stack.name);
    const [services, networks, secrets, configs, version] = await Promise.all([
      engineRequest(
        `list the services of stack ${stack.name}`,
        () => docker.listServices({ filters, abortSignal: signal } as Docker.ServiceListOptions),
        signal,
      ),
      engineRequest(
        'list the networks',
        () => docker.listNetworks({ abortSignal: signal } as Docker.NetworkListOptions),
        signal,
      ),
      engineRequest(
        'list the secrets',
        () => docker.listSecrets({ abortSignal: signal }) as unknown as Promise<SwarmObject[]>,
        signal,
      ),
      engineRequest(
        'list the configs',
        () => docker.listConfigs({ abortSignal: signal }) as unknown as Promise<SwarmObject[]>,
        signal,
      ),
      // Which spec fields the engine stores depends on its API version.
      engineRequest('read the engine version', () => docker.version(), signal),
    ]);
    const problems: PlanProblem[] = [];
    const networkPlans = planNetworks({ stack, existing: networks, prune, problems });
    const secretPlans = planSecretsOrConfigs({
      kind: 'secret',
      stack,
      wanted: stack.secrets,
      existing: secrets,
      prune,
      problems,
    });
    const configPlans = planSecretsOrConfigs({
      kind: 'config',
      stack,
      wanted: stack.configs,
      existing: configs,
      prune,
      problems,
    });
    const networkNames = new Map(networks.map((network) => [network.Id, network.Name]));
    const existing = new Map(services.map((service) => [service.Spec?.Name ?? '', service]));

    // Services that share an image (web, worker, …) share one registry look-up.
    const lookups = new Map<string, Promise<ResolvedImage>>();
    const resolveOnce = (image: string, serviceName: string) => {
      let lookup = lookups.get(image);
      if (!lookup) {
        lookup = resolveImageDigest({ remote: options.remote, image, credentials, signal }).catch(
          (error: unknown) => {
            throw imageProblem(error, image, serviceName, signal);
          },
        );
        lookups.set(image, lookup);
      }
      return lookup;
    };
    let firstCause: unknown;
    const servicePlans = await mapLimit(stack.services, concurrency, async (service) => {
      const current = existing.get(service.fullName);
      try {
        const resolved = shouldResolveImage({ service, existing: current, resolveImage })
          ? await resolveOnce(taggedImage(service.image), service.fullName)
          : undefined;
        return planService({
          service,
          stack,
          existing: current,
          resolved,
          networkNames,
          apiVersion: version.ApiVersion,
        });
      } catch (error) {
        if (!PlanError.isInstance(error)) throw error;
        problems.push(...error.problems);
        firstCause ??= error.cause;
        return undefined;
      }
    });
    if (problems.length > 0) throw new PlanError({ problems, cause: firstCause });

    const wanted = new Set(stack.services.map((service) => service.fullName));
    const removals = prune
      ? services
          .filter((service) => !wanted.has(service.Spec?.Name ?? ''))
          .map((service) => planServiceRemoval(stack.name, service))
      : [];
    const allServices: ServicePlan[] = [
      ...servicePlans.filter((plan): plan is ServicePlan => plan !== undefined),
      ...removals,
    ];
    return {
      stack: stack.name,
      plannedAt: new Date().toISOString(),
      resolveImage,
      prune,
      networks: networkPlans,
      secrets: secretPlans,
      configs: configPlans,
      services: allServices,
      warnings: [
        ...loadWarnings(stack),
        ...shortLivedCredentialWarnings({
          stack: stack.name,
          images: stack.services.map((service) => service.image),
          credentials,
        }),
      ],
      unchanged: [...networkPlans, ...secretPlans, ...configPlans, ...allServices].every(
        (item) => item.action === 'unchanged',
      ),
    };
  } finally {
    deadline.dispose();
  }
}

/** A failed digest look-up: a PlanError when the registry said no, else what stopped it. */
function imageProblem(
  error: unknown,
  image: string,
  service: string,
  signal: AbortSignal | undefined,
): unknown {
  if (isAbortError(error)) return error;
  if (ImageDigestError.isInstance(error) || ImageReferenceError.isInstance(error)) {
    const reason = error.cause !== undefined ? engineMessage(error.cause) : error.message;
    return new PlanError({
      problems: [
        {
          code: 'DEPLOY_IMAGE_NOT_FOUND',
          message: `Image ${image} (service ${service}) cannot be resolved in its registry: ${reason}`,
          hint: `${error.hint} Or plan with resolveImage: "never" (--resolve-image never) to deploy without a registry look-up.`,
        },
      ],
      cause: error,
    });
  }
  return engineRequestError(`resolve the digest of ${image}`, error, signal);
}
