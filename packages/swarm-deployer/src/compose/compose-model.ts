// One compose file after validation and parsing of every short syntax, in the
// shape of the CLI's compose types (cli/compose/types): what files are merged
// in and what the converter turns into Engine API bodies.
import type { SourceLocation } from '../stack.js';
import type { PortConfig } from './parse-port-spec.js';
import type { ServiceVolume } from './parse-volume-spec.js';

export interface FileReference {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface UpdateConfigModel {
  parallelism?: number;
  delay?: number;
  failure_action?: string;
  monitor?: number;
  max_failure_ratio?: number;
  order?: string;
}

/** Where a reference was written, for errors found after merging (an undefined network, ...). */
export interface ReferenceLocation {
  /** Dotted path in the file that has it, e.g. services.web.networks.back. */
  path: string;
  source: SourceLocation;
}

export interface ServiceModel {
  name: string;
  source: SourceLocation;
  /** Keyed "network:NAME", "volume:SOURCE", "secret:SOURCE", "config:SOURCE", "restart", "image"; a later file's entry wins. */
  references: Record<string, ReferenceLocation>;
  image?: string;
  command?: string[];
  entrypoint?: string[];
  /** null: a bare KEY with no value anywhere. */
  environment: Record<string, string | null>;
  labels: Record<string, string>;
  ports: PortConfig[];
  /** undefined: the service names no networks (it joins "default"). */
  networks?: Record<string, { aliases?: string[]; driver_opts?: Record<string, string> } | null>;
  volumes: ServiceVolume[];
  secrets: FileReference[];
  configs: FileReference[];
  healthcheck?: {
    test?: string[];
    interval?: number;
    timeout?: number;
    retries?: number;
    start_period?: number;
    start_interval?: number;
    disable?: boolean;
  };
  user?: string;
  working_dir?: string;
  hostname?: string;
  extra_hosts: string[];
  dns: string[];
  dns_search: string[];
  cap_add: string[];
  cap_drop: string[];
  init?: boolean;
  logging?: { driver?: string; options?: Record<string, string> };
  stop_grace_period?: number;
  stop_signal?: string;
  sysctls: Record<string, string>;
  ulimits: Record<string, { single?: number; soft?: number; hard?: number }>;
  tty?: boolean;
  stdin_open?: boolean;
  read_only?: boolean;
  /** Legacy `restart:`, which the CLI still turns into a restart policy when deploy.restart_policy is absent. */
  restart?: string;
  deploy: {
    mode?: string;
    replicas?: number;
    labels: Record<string, string>;
    update_config?: UpdateConfigModel;
    rollback_config?: UpdateConfigModel;
    restart_policy?: { condition?: string; delay?: number; max_attempts?: number; window?: number };
    resources: {
      limits?: { cpus?: number; memory?: number; pids?: number };
      reservations?: {
        cpus?: number;
        memory?: number;
        generic_resources?: { discrete_resource_spec?: { kind: string; value: number } }[];
      };
    };
    placement: {
      constraints: string[];
      preferences: { spread: string }[];
      max_replicas_per_node?: number;
    };
    endpoint_mode?: string;
  };
}

export interface NetworkModel {
  name?: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  ipam?: { driver?: string; config?: { subnet?: string }[] };
  external: boolean;
  internal?: boolean;
  attachable?: boolean;
  labels: Record<string, string>;
  source: SourceLocation;
}

export interface VolumeModel {
  name?: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  external: boolean;
  labels: Record<string, string>;
  source: SourceLocation;
}

export interface FileObjectModel {
  name?: string;
  /** Absolute path. */
  file?: string;
  external: boolean;
  labels: Record<string, string>;
  driver?: string;
  driver_opts?: Record<string, string>;
  template_driver?: string;
  source: SourceLocation;
}

export interface ComposeModel {
  file: string;
  services: Record<string, ServiceModel>;
  networks: Record<string, NetworkModel>;
  volumes: Record<string, VolumeModel>;
  secrets: Record<string, FileObjectModel>;
  configs: Record<string, FileObjectModel>;
}
