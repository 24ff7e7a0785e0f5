import type { WarningEvent } from '@swarmlift/core';
import type Docker from 'dockerode';
import type { SpecChange } from './diff-spec.js';

export type ResolveImageMode = 'always' | 'changed' | 'never';

/** A network of the stack: `create` it, leave it (`unchanged`), or `remove` it (prune). */
export type NetworkPlan = NetworkCreatePlan | NetworkUnchangedPlan | NetworkRemovePlan;

interface NetworkPlanBase {
  /** Name on the engine (`stack_name`, or the external name). */
  name: string;
  external: boolean;
}

export interface NetworkCreatePlan extends NetworkPlanBase {
  action: 'create';
  external: false;
  /** Body for POST /networks/create. */
  create: Docker.NetworkCreateOptions;
}

export interface NetworkUnchangedPlan extends NetworkPlanBase {
  action: 'unchanged';
  /** Engine id; absent for the built-in networks (`host`, `bridge`, …), which are not looked up. */
  id?: string;
}

export interface NetworkRemovePlan extends NetworkPlanBase {
  action: 'remove';
  external: false;
  id: string;
}

/** A secret or a config of the stack; Swarm cannot edit either, so a new content is a new (hashed) name. */
export type SecretOrConfigPlan =
  | SecretOrConfigCreatePlan
  | SecretOrConfigUnchangedPlan
  | SecretOrConfigRemovePlan;

interface SecretOrConfigPlanBase {
  kind: 'secret' | 'config';
  /** Compose key; for `remove`, read back from the engine name. */
  key: string;
  /** Name on the engine (`stack_key_hash`, or the external name). */
  name: string;
  external: boolean;
}

/** A new (content-hashed) version. */
export interface SecretOrConfigCreatePlan extends SecretOrConfigPlanBase {
  action: 'create';
  external: false;
  labels: Record<string, string>;
  driver?: string;
  templateDriver?: string;
  /** The content. Non-enumerable, so printing or JSON-serialising a plan never shows it. */
  readonly data: Buffer;
}

export interface SecretOrConfigUnchangedPlan extends SecretOrConfigPlanBase {
  action: 'unchanged';
  id: string;
}

/** An old version, or one the file dropped (with prune): removed after the services were deployed. */
export interface SecretOrConfigRemovePlan extends SecretOrConfigPlanBase {
  action: 'remove';
  external: false;
  id: string;
}

/**
 * One service of the stack, by what applyPlan will do with it. `changes` is
 * empty except for `update`.
 */
export type ServicePlan =
  | ServiceCreatePlan
  | ServiceUpdatePlan
  | ServiceUnchangedPlan
  | ServiceRemovePlan;

interface ServicePlanBase {
  /** Compose key (for `remove`: the engine name without the stack prefix). */
  key: string;
  /** Full Swarm service name, e.g. `mystack_web`. */
  name: string;
  /** Image as written in the compose file (the `com.docker.stack.image` label). */
  image: string;
  /** Image sent to the engine: tagged, and pinned (`name:tag@sha256:…`) when resolved. */
  deployImage: string;
  /** Digest pinned into deployImage, when there is one. */
  digest?: string;
  /** Whether the registry was asked for the digest in this plan. */
  resolved: boolean;
  /** Field-level changes; empty except for `update`. */
  changes: SpecChange[];
}

interface DeployedServicePlanBase extends ServicePlanBase {
  /**
   * The full spec to send: network names, secret/config names without ids.
   * Non-enumerable (it holds environment values), so printing or
   * JSON-serialising a plan never shows it.
   */
  readonly spec: Docker.ServiceSpec;
}

export interface ServiceCreatePlan extends DeployedServicePlanBase {
  action: 'create';
}

export interface ServiceUpdatePlan extends DeployedServicePlanBase {
  action: 'update';
  /** Existing service id. */
  id: string;
  /** Version.Index the update is planned against. */
  version: number;
}

export interface ServiceUnchangedPlan extends DeployedServicePlanBase {
  action: 'unchanged';
  id: string;
  version: number;
}

/** A service of the stack the file no longer has (prune). */
export interface ServiceRemovePlan extends ServicePlanBase {
  action: 'remove';
  id: string;
  version: number;
  resolved: false;
}

/**
 * A warning of the plan, in the one warning shape of every package: from
 * loading the file (`UNSUPPORTED_KEY`, …) and from planning
 * (`SHORT_LIVED_REGISTRY_CREDENTIAL`).
 */
export type PlanWarning = WarningEvent;

/** What planStack found: apply it with applyPlan, print it with formatPlan. */
export interface Plan {
  stack: string;
  /** ISO 8601 time the plan was made. */
  plannedAt: string;
  resolveImage: ResolveImageMode;
  prune: boolean;
  networks: NetworkPlan[];
  secrets: SecretOrConfigPlan[];
  configs: SecretOrConfigPlan[];
  services: ServicePlan[];
  /** Warnings from loading the file, and from planning. */
  warnings: PlanWarning[];
  /** True when applying would change nothing. */
  unchanged: boolean;
}
