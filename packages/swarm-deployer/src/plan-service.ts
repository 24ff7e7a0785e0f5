import { STACK_IMAGE_LABEL, STACK_NAMESPACE_LABEL } from '@swarmlift/core';
import type Docker from 'dockerode';
import { digestOf, pinnedImage, taggedImage } from './deploy-image.js';
import { diffSpec } from './diff-spec.js';
import type { Platform, TaskTemplateFields } from './engine-types.js';
import { normalizeSpec } from './normalize-spec.js';
import type { ResolveImageMode, ServicePlan, ServiceRemovePlan } from './plan.js';
import type { LoadedStack, StackService } from './stack.js';

/** A digest look-up's answer: the manifest (list) digest and the platforms the image offers. */
export interface ResolvedImage {
  digest: string;
  platforms: Platform[];
}

interface StoredSpec {
  Labels?: Record<string, string>;
  TaskTemplate?: TaskTemplateFields;
}

/**
 * Whether to ask the registry for the digest, as `docker stack deploy
 * --resolve-image`: always; for `changed` only for new services and changed
 * images; never.
 */
export function shouldResolveImage(input: {
  service: StackService;
  existing: Docker.Service | undefined;
  resolveImage: ResolveImageMode;
}): boolean {
  const { existing, resolveImage } = input;
  if (resolveImage === 'always') return true;
  if (resolveImage === 'never') return false;
  return !existing || imageChanged(input.service, existing);
}

function imageChanged(service: StackService, existing: Docker.Service): boolean {
  return (existing.Spec as StoredSpec | undefined)?.Labels?.[STACK_IMAGE_LABEL] !== service.image;
}

/**
 * The plan for one service of the file: the spec to send (the loader's spec
 * with the stack labels, the tagged or pinned image and the kept
 * ForceUpdate) and, against the service the engine runs, `create`,
 * `update` (with the field-level changes) or `unchanged`. `resolved` is the
 * registry's answer when it was asked (see shouldResolveImage).
 */
export function planService(input: {
  service: StackService;
  stack: Pick<LoadedStack, 'name'>;
  existing: Docker.Service | undefined;
  resolved: ResolvedImage | undefined;
  /** Network id → name, to compare the stored spec's network ids with the file's names. */
  networkNames: ReadonlyMap<string, string>;
  /** The engine's API version: fields it does not store are not compared. */
  apiVersion?: string | undefined;
}): ServicePlan {
  const { service, stack, existing, resolved } = input;
  const spec = structuredClone(service.spec) as Docker.ServiceSpec;
  spec.Name = service.fullName;
  spec.Labels = {
    ...spec.Labels,
    [STACK_NAMESPACE_LABEL]: stack.name,
    [STACK_IMAGE_LABEL]: service.image,
  };
  spec.TaskTemplate = spec.TaskTemplate ?? {};
  const template = spec.TaskTemplate as TaskTemplateFields;
  template.ContainerSpec = template.ContainerSpec ?? {};
  template.ContainerSpec.Image = taggedImage(service.image);

  const stored = existing?.Spec as StoredSpec | undefined;
  if (resolved) {
    template.ContainerSpec.Image = pinnedImage(template.ContainerSpec.Image, resolved.digest);
    if (resolved.platforms.length > 0) {
      template.Placement = { ...template.Placement, Platforms: resolved.platforms };
    }
  } else if (existing && !imageChanged(service, existing)) {
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
    resolved: resolved !== undefined,
    ...(digest ? { digest } : {}),
  };
  if (!existing) return withSpec({ ...base, action: 'create', changes: [] }, spec);
  const normalize = { networkNames: input.networkNames, apiVersion: input.apiVersion };
  const changes = diffSpec(normalizeSpec(existing.Spec, normalize), normalizeSpec(spec, normalize));
  const known = { id: existing.ID, version: existing.Version?.Index ?? 0 };
  return withSpec(
    changes.length > 0
      ? { ...base, ...known, action: 'update', changes }
      : { ...base, ...known, action: 'unchanged', changes: [] },
    spec,
  );
}

/** The plan to remove a service of the stack the file no longer has (prune). */
export function planServiceRemoval(stack: string, service: Docker.Service): ServiceRemovePlan {
  const name = service.Spec?.Name ?? service.ID;
  const image = service.Spec?.Labels?.[STACK_IMAGE_LABEL] ?? '';
  return {
    key: name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name,
    name,
    action: 'remove',
    id: service.ID,
    version: service.Version?.Index ?? 0,
    image,
    deployImage:
      (service.Spec?.TaskTemplate as TaskTemplateFields | undefined)?.ContainerSpec?.Image ?? image,
    resolved: false,
    changes: [],
  };
}

type WithoutSpec<T> = T extends unknown ? Omit<T, 'spec'> : never;

/** The spec holds environment values: kept out of sight, so printing or serialising a plan never shows them. */
function withSpec(
  plan: WithoutSpec<Exclude<ServicePlan, ServiceRemovePlan>>,
  spec: Docker.ServiceSpec,
): ServicePlan {
  Object.defineProperty(plan, 'spec', { value: spec, enumerable: false });
  return plan as ServicePlan;
}
