// The compose format `docker stack deploy` reads (the CLI's compose schema
// v3.x) as a Shape: fitsShape checks it fast, shapeToZod explains a refusal.
// Objects are strict: an unknown key is an error. Extension fields (x-*) are
// removed before validation. Keys the CLI accepts but Swarm ignores are
// accepted here and reported as warnings by the loader.
import { type Shape, s } from './shape.js';

const str = s.string();
const bool = s.boolean();
const uint = s.uint();
const int = s.int();
const stringOrList = s.union([str, s.array(str)], 'expected a string or a list of strings');
const listOfStrings = s.array(str, 'expected a list of strings');
const scalarOrNull = s.union(
  [s.string(), s.number(), s.null()],
  'must be a string, number or null (quote yes/no/true/false)',
);
/** A `KEY=value` list or a mapping whose values are strings, numbers or null (as the CLI's schema). */
const listOrDict = s.union(
  [s.record(scalarOrNull), s.array(str)],
  'expected a mapping or a list of "KEY=value" strings',
);
const duration = s.string('expected a duration such as "10s" or "1m30s"');
const byteSize = s.union(
  [s.uint(), s.string()],
  'expected a size such as 512m or a number of bytes',
);
const stringMap = s.record(scalarOrNull);
const command = s.union([str, s.array(str), s.null()], 'expected a string or a list of strings');

const portLong = s.object(
  {
    mode: s.enum(['host', 'ingress']),
    target: uint,
    published: uint,
    protocol: s.enum(['tcp', 'udp', 'sctp']),
    host_ip: str,
    name: str,
    app_protocol: str,
  },
  ['target'],
);
const port = s.union(
  [uint, str, portLong],
  'expected "published:target[/protocol]", a port number or a mapping with target',
);

const volumeLong = s.object(
  {
    type: s.enum(['volume', 'bind', 'tmpfs', 'npipe', 'cluster']),
    source: str,
    target: str,
    read_only: bool,
    consistency: str,
    bind: s.object({ propagation: str, create_host_path: bool }),
    volume: s.object({ nocopy: bool }),
    tmpfs: s.object({ size: uint, mode: uint }),
  },
  ['type', 'target'],
);

const fileReference = s.union(
  [str, s.object({ source: str, target: str, uid: str, gid: str, mode: uint }, ['source'])],
  'expected a name or a mapping with source, target, uid, gid, mode',
);

const updateConfig = s.object({
  parallelism: uint,
  delay: duration,
  failure_action: s.enum(['continue', 'rollback', 'pause']),
  monitor: duration,
  max_failure_ratio: s.number(),
  order: s.enum(['start-first', 'stop-first']),
});

const cpus = s.union([s.string(), s.number()], 'expected a number of CPUs such as "0.5"');

const deploy = s.object({
  mode: s.enum(['replicated', 'global', 'replicated-job', 'global-job']),
  replicas: uint,
  labels: listOrDict,
  update_config: updateConfig,
  rollback_config: updateConfig,
  restart_policy: s.object({
    condition: s.enum(['none', 'on-failure', 'any']),
    delay: duration,
    max_attempts: uint,
    window: duration,
  }),
  resources: s.object({
    limits: s.object({ cpus, memory: byteSize, pids: int }),
    reservations: s.object({
      cpus,
      memory: byteSize,
      generic_resources: s.array(
        s.object({
          discrete_resource_spec: s.object({ kind: str, value: int }, ['kind', 'value']),
        }),
      ),
    }),
  }),
  placement: s.object({
    constraints: listOfStrings,
    preferences: s.array(s.object({ spread: str }, ['spread'])),
    max_replicas_per_node: uint,
  }),
  endpoint_mode: s.enum(['vip', 'dnsrr']),
});

const healthcheck = s.object({
  test: stringOrList,
  interval: duration,
  timeout: duration,
  retries: uint,
  start_period: duration,
  start_interval: duration,
  disable: bool,
});

/** Keys the CLI reads but Swarm services cannot use: accepted, then reported as warnings. */
export const IGNORED_SERVICE_KEYS = [
  'build',
  'cgroupns_mode',
  'cgroup_parent',
  'container_name',
  'credential_spec',
  'depends_on',
  'devices',
  'domainname',
  'expose',
  'external_links',
  'ipc',
  'isolation',
  'links',
  'mac_address',
  'network_mode',
  'oom_score_adj',
  'pid',
  'privileged',
  'restart',
  'security_opt',
  'shm_size',
  'tmpfs',
  'userns_mode',
] as const;

/** Keys `docker stack deploy` refuses outright ("forbidden properties"), with the CLI's advice. */
export const FORBIDDEN_SERVICE_KEYS: Record<string, string> = {
  extends: 'extends is not supported by docker stack deploy',
  volume_driver:
    'define a volume in the top-level volumes with its driver and reference it from the service instead',
  volumes_from:
    'share a volume by defining it in the top-level volumes and referencing it from each service',
  cpu_quota: 'set resource limits with deploy.resources',
  cpu_shares: 'set resource limits with deploy.resources',
  cpuset: 'set resource limits with deploy.resources',
  mem_limit: 'set resource limits with deploy.resources',
  memswap_limit: 'set resource limits with deploy.resources',
};

const serviceShape = s.object({
  image: str,
  command,
  entrypoint: command,
  environment: listOrDict,
  env_file: stringOrList,
  labels: listOrDict,
  ports: s.array(port, 'expected a list of ports'),
  networks: s.union(
    [
      listOfStrings,
      s.record(
        s.union(
          [
            s.null(),
            s.object({
              aliases: listOfStrings,
              ipv4_address: str,
              ipv6_address: str,
              driver_opts: stringMap,
            }),
          ],
          'expected nothing or a mapping with aliases, driver_opts',
        ),
      ),
    ],
    'expected a list of network names or a mapping of network name to options',
  ),
  volumes: s.array(
    s.union([str, volumeLong], 'expected "source:target[:mode]" or a mapping with type and target'),
  ),
  secrets: s.array(fileReference),
  configs: s.array(fileReference),
  healthcheck,
  user: str,
  working_dir: str,
  hostname: str,
  extra_hosts: listOrDict,
  dns: stringOrList,
  dns_search: stringOrList,
  cap_add: listOfStrings,
  cap_drop: listOfStrings,
  init: bool,
  logging: s.object({ driver: str, options: s.union([stringMap, s.null()], 'expected a mapping') }),
  stop_grace_period: duration,
  stop_signal: str,
  sysctls: listOrDict,
  ulimits: s.record(
    s.union(
      [int, s.object({ soft: int, hard: int }, ['soft', 'hard'])],
      'expected a number or a mapping with soft and hard',
    ),
  ),
  tty: bool,
  stdin_open: bool,
  read_only: bool,
  deploy,
  ...Object.fromEntries(IGNORED_SERVICE_KEYS.map((key) => [key, s.unknown()])),
});

const external = s.union(
  [bool, s.object({ name: str })],
  'expected true, false or a mapping with name',
);

const networkShape = s.object({
  name: str,
  driver: str,
  driver_opts: stringMap,
  ipam: s.object({ driver: str, config: s.array(s.object({ subnet: str })) }),
  external,
  internal: bool,
  attachable: bool,
  labels: listOrDict,
});

const volumeShape = s.object({
  name: str,
  driver: str,
  driver_opts: stringMap,
  external,
  labels: listOrDict,
});

const secretFields = {
  name: str,
  file: str,
  external,
  labels: listOrDict,
  driver: str,
  driver_opts: stringMap,
  template_driver: str,
};
const { driver: _driver, driver_opts: _driverOpts, ...configFields } = secretFields;

const section = (item: Shape): Shape =>
  s.union(
    [s.record(s.union([item, s.null()], item.error ?? 'expected a mapping')), s.null()],
    'expected a mapping',
  );

export const composeFileShape: Shape = s.object({
  version: s.union([str, s.number()], 'expected a version string such as "3.8"'),
  services: s.union(
    [s.record(serviceShape, 'expected a mapping of service names'), s.null()],
    'expected a mapping of service names',
  ),
  networks: section(networkShape),
  volumes: section(volumeShape),
  secrets: section(s.object(secretFields)),
  configs: section(s.object(configFields)),
});

type Mapping = Record<string, string | number | null> | string[];
type FileRef =
  | string
  | { source: string; target?: string; uid?: string; gid?: string; mode?: number };
type UpdateConfigInput = {
  parallelism?: number;
  delay?: string;
  failure_action?: string;
  monitor?: string;
  max_failure_ratio?: number;
  order?: string;
};
type External = boolean | { name?: string };

/** The TypeScript type of a service that fits the shape. */
export interface ServiceInput {
  image?: string;
  command?: string | string[] | null;
  entrypoint?: string | string[] | null;
  environment?: Mapping;
  env_file?: string | string[];
  labels?: Mapping;
  ports?: (
    | number
    | string
    | {
        mode?: string;
        target: number;
        published?: number | string;
        protocol?: string;
        host_ip?: string;
      }
  )[];
  networks?:
    | string[]
    | Record<
        string,
        null | { aliases?: string[]; driver_opts?: Record<string, string | number | null> }
      >;
  volumes?: (
    | string
    | {
        type: string;
        source?: string;
        target: string;
        read_only?: boolean;
        consistency?: string;
        bind?: { propagation?: string; create_host_path?: boolean };
        volume?: { nocopy?: boolean };
        tmpfs?: { size?: number; mode?: number };
      }
  )[];
  secrets?: FileRef[];
  configs?: FileRef[];
  healthcheck?: {
    test?: string | string[];
    interval?: string;
    timeout?: string;
    retries?: number;
    start_period?: string;
    start_interval?: string;
    disable?: boolean;
  };
  user?: string;
  working_dir?: string;
  hostname?: string;
  extra_hosts?: Mapping;
  dns?: string | string[];
  dns_search?: string | string[];
  cap_add?: string[];
  cap_drop?: string[];
  init?: boolean;
  logging?: { driver?: string; options?: Record<string, string | number | null> | null };
  stop_grace_period?: string;
  stop_signal?: string;
  sysctls?: Mapping;
  ulimits?: Record<string, number | { soft: number; hard: number }>;
  tty?: boolean;
  stdin_open?: boolean;
  read_only?: boolean;
  restart?: unknown;
  deploy?: {
    mode?: string;
    replicas?: number;
    labels?: Mapping;
    update_config?: UpdateConfigInput;
    rollback_config?: UpdateConfigInput;
    restart_policy?: { condition?: string; delay?: string; max_attempts?: number; window?: string };
    resources?: {
      limits?: { cpus?: string | number; memory?: string | number; pids?: number };
      reservations?: {
        cpus?: string | number;
        memory?: string | number;
        generic_resources?: { discrete_resource_spec?: { kind: string; value: number } }[];
      };
    };
    placement?: {
      constraints?: string[];
      preferences?: { spread: string }[];
      max_replicas_per_node?: number;
    };
    endpoint_mode?: string;
  };
}

interface TopLevelObject {
  name?: string;
  driver?: string;
  driver_opts?: Record<string, string | number | null>;
  external?: External;
  labels?: Mapping;
}

/** The TypeScript type of a compose file that fits the shape. */
export interface ComposeFileInput {
  version?: string | number;
  services?: Record<string, ServiceInput> | null;
  networks?: Record<
    string,
    | (TopLevelObject & {
        ipam?: { driver?: string; config?: { subnet?: string }[] };
        internal?: boolean;
        attachable?: boolean;
      })
    | null
  > | null;
  volumes?: Record<string, TopLevelObject | null> | null;
  secrets?: Record<
    string,
    (TopLevelObject & { file?: string; template_driver?: string }) | null
  > | null;
  configs?: Record<
    string,
    | (Omit<TopLevelObject, 'driver' | 'driver_opts'> & { file?: string; template_driver?: string })
    | null
  > | null;
}
