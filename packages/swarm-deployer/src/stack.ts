// The contract between loading a compose file (src/compose/**, loadStack) and
// planning/applying it (plan-stack.ts, apply-plan.ts). A LoadedStack holds
// Engine API request bodies exactly as the Docker CLI's compose converter
// (cli/compose/convert) would build them, before the deploy step adds what
// needs the engine: network/secret/config ids, the image digest, the
// com.docker.stack.image label and the kept ForceUpdate.
import type Docker from 'dockerode';

/** Where a value came from, for error messages and warnings. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface StackWarning {
  /** e.g. UNSUPPORTED_KEY, IGNORED_VALUE */
  code: string;
  /** Dotted path, e.g. services.django.build */
  path: string;
  message: string;
  source?: SourceLocation;
}

export interface StackService {
  /** Compose key, e.g. "django". */
  name: string;
  /** `${stack}_${name}`, the Swarm service name. */
  fullName: string;
  /** Image as written in the file, after interpolation. */
  image: string;
  /**
   * Service spec as the CLI's converter builds it. Networks[].Target holds the
   * full network NAME (e.g. "mystack_default" or an external name); each
   * Secrets[]/Configs[] entry holds SecretName/ConfigName (the hashed full
   * name) with an empty SecretID/ConfigID, filled in by applyPlan.
   */
  spec: Docker.ServiceSpec;
  source?: SourceLocation;
}

export interface StackNetwork {
  /** Compose key, e.g. "default" or "backend". */
  name: string;
  /** Name on the engine: `${stack}_${name}`, or the external name. */
  fullName: string;
  external: boolean;
  /** Body for POST /networks/create (absent when external). */
  create?: Docker.NetworkCreateOptions;
  source?: SourceLocation;
}

export interface StackVolume {
  name: string;
  /** `${stack}_${name}` or the external name. */
  fullName: string;
  external: boolean;
  driver?: string;
  driverOpts?: Record<string, string>;
  labels?: Record<string, string>;
}

/** A secret or a config: Swarm refuses to edit either, so names carry a content hash. */
export interface StackSecretOrConfig {
  kind: 'secret' | 'config';
  /** Compose key. */
  name: string;
  /** `${stack}_${name}_${hash}` or the external name. */
  fullName: string;
  external: boolean;
  /** Content (from `file:` or `environment:`); absent when external. Never log it. */
  data?: Buffer;
  /** sha256 hex of data (first 12 chars go into fullName). */
  hash?: string;
  labels: Record<string, string>;
  driver?: string;
  templateDriver?: string;
  source?: SourceLocation;
}

export interface LoadedStack {
  /** Stack namespace (com.docker.stack.namespace). */
  name: string;
  /** Absolute paths of the compose files, in merge order. */
  files: string[];
  services: StackService[];
  networks: StackNetwork[];
  volumes: StackVolume[];
  secrets: StackSecretOrConfig[];
  configs: StackSecretOrConfig[];
  warnings: StackWarning[];
}
