import type Docker from 'dockerode';
import type { SpecChange } from './diff-spec.js';

export type ResolveImageMode = 'always' | 'changed' | 'never';

export interface NetworkPlan {
  /** Name on the engine (`stack_name`, or the external name). */
  name: string;
  action: 'create' | 'unchanged' | 'remove';
  external: boolean;
  /** Engine id, when it exists already. */
  id?: string;
  /** Body for POST /networks/create (action `create`). */
  create?: Docker.NetworkCreateOptions;
}

export interface SecretOrConfigPlan {
  kind: 'secret' | 'config';
  /** Compose key; for `remove`, read back from the engine name. */
  key: string;
  /** Name on the engine (`stack_key_hash`, or the external name). */
  name: string;
  /**
   * `create`: a new (content-hashed) version; `remove`: an old version or a
   * pruned one, removed after the services were deployed.
   */
  action: 'create' | 'unchanged' | 'remove';
  external: boolean;
  /** Engine id, when it exists already. */
  id?: string;
  /** For `create`: the body's labels, driver and template driver (the data is kept out of sight). */
  labels?: Record<string, string>;
  driver?: string;
  templateDriver?: string;
  /** For `create`: the content. Non-enumerable, so printing or JSON-serialising a plan never shows it. */
  readonly data?: Buffer;
}

export interface ServicePlan {
  /** Compose key (for `remove`: the engine name without the stack prefix). */
  key: string;
  /** Full Swarm service name, e.g. `mystack_web`. */
  name: string;
  action: 'create' | 'update' | 'unchanged' | 'remove';
  /** Existing service id (update, unchanged, remove). */
  id?: string;
  /** Existing Version.Index (update, unchanged, remove). */
  version?: number;
  /** Image as written in the compose file (the `com.docker.stack.image` label). */
  image: string;
  /** Image sent to the engine: tagged, and pinned (`name:tag@sha256:…`) when resolved. */
  deployImage: string;
  /** Digest pinned into deployImage, when there is one. */
  digest?: string;
  /** Whether the registry was asked for the digest in this plan. */
  resolved: boolean;
  /**
   * The full spec to send (create, update): network names, secret/config
   * names without ids. Non-enumerable (it holds environment values), so
   * printing or JSON-serialising a plan never shows it.
   */
  readonly spec?: Docker.ServiceSpec;
  /** Field-level changes for `update`. */
  changes: SpecChange[];
}

export interface PlanWarning {
  code: string;
  message: string;
}

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
