// The compose format `docker stack deploy` reads (the CLI's compose schema
// v3.x), as zod schemas. Objects are strict: an unknown key is an error.
// Extension fields (x-*) are removed before validation. Keys the CLI accepts
// but Swarm ignores are accepted here and reported as warnings by the loader.
import { z } from 'zod';

const str = z.string({ error: 'expected a string' });
const bool = z.boolean({ error: 'expected true or false' });
const uint = z
  .number({ error: 'expected a number' })
  .int('expected a whole number')
  .min(0, 'must not be negative');
const int = z.number({ error: 'expected a number' }).int('expected a whole number');

const stringOrList = z.union([str, z.array(str)], {
  error: 'expected a string or a list of strings',
});
const listOfStrings = z.array(str, { error: 'expected a list of strings' });
/** `KEY=value` list or a mapping (values: string, number, boolean or null). */
const listOrDict = z.union(
  [
    z.record(
      z.string(),
      z.union([z.string(), z.number(), z.null()], {
        error: 'must be a string, number or null (quote yes/no/true/false)',
      }),
    ),
    z.array(str),
  ],
  {
    error: 'expected a mapping or a list of "KEY=value" strings',
  },
);
const duration = z.string({ error: 'expected a duration such as "10s" or "1m30s"' });
const byteSize = z.union([z.number().int().min(0), z.string()], {
  error: 'expected a size such as 512m or a number of bytes',
});
const stringMap = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.null()], { error: 'must be a string, number or null' }),
  {
    error: 'expected a mapping',
  },
);

const portLong = z.strictObject({
  mode: z.enum(['host', 'ingress'], { error: 'expected "host" or "ingress"' }).optional(),
  target: uint,
  published: z.union([uint, z.string()], { error: 'expected a port number' }).optional(),
  protocol: z.enum(['tcp', 'udp', 'sctp'], { error: 'expected "tcp", "udp" or "sctp"' }).optional(),
  host_ip: str.optional(),
  name: str.optional(),
  app_protocol: str.optional(),
});
const port = z.union([uint, str, portLong], {
  error: 'expected "published:target[/protocol]", a port number or a mapping with target',
});

const volumeLong = z.strictObject({
  type: z.enum(['volume', 'bind', 'tmpfs', 'npipe', 'cluster'], {
    error: 'expected volume, bind, tmpfs, npipe or cluster',
  }),
  source: str.optional(),
  target: str,
  read_only: bool.optional(),
  consistency: str.optional(),
  bind: z
    .strictObject({ propagation: str.optional(), create_host_path: bool.optional() })
    .optional(),
  volume: z.strictObject({ nocopy: bool.optional() }).optional(),
  tmpfs: z.strictObject({ size: uint.optional(), mode: uint.optional() }).optional(),
});

const fileReference = z.union(
  [
    str,
    z.strictObject({
      source: str,
      target: str.optional(),
      uid: str.optional(),
      gid: str.optional(),
      mode: uint.optional(),
    }),
  ],
  { error: 'expected a name or a mapping with source, target, uid, gid, mode' },
);

const updateConfig = z.strictObject({
  parallelism: uint.optional(),
  delay: duration.optional(),
  failure_action: z
    .enum(['continue', 'rollback', 'pause'], { error: 'expected continue, rollback or pause' })
    .optional(),
  monitor: duration.optional(),
  max_failure_ratio: z.number({ error: 'expected a number' }).optional(),
  order: z
    .enum(['start-first', 'stop-first'], { error: 'expected start-first or stop-first' })
    .optional(),
});

const resourceSet = z.strictObject({
  cpus: z
    .union([z.string(), z.number()], { error: 'expected a number of CPUs such as "0.5"' })
    .optional(),
  memory: byteSize.optional(),
  pids: int.optional(),
});
const reservations = resourceSet.omit({ pids: true }).extend({
  generic_resources: z
    .array(
      z.strictObject({
        discrete_resource_spec: z.strictObject({ kind: str, value: int }).optional(),
      }),
    )
    .optional(),
});

const deploy = z.strictObject({
  mode: z
    .enum(['replicated', 'global', 'replicated-job', 'global-job'], {
      error: 'expected replicated, global, replicated-job or global-job',
    })
    .optional(),
  replicas: uint.optional(),
  labels: listOrDict.optional(),
  update_config: updateConfig.optional(),
  rollback_config: updateConfig.optional(),
  restart_policy: z
    .strictObject({
      condition: z
        .enum(['none', 'on-failure', 'any'], { error: 'expected none, on-failure or any' })
        .optional(),
      delay: duration.optional(),
      max_attempts: uint.optional(),
      window: duration.optional(),
    })
    .optional(),
  resources: z
    .strictObject({ limits: resourceSet.optional(), reservations: reservations.optional() })
    .optional(),
  placement: z
    .strictObject({
      constraints: listOfStrings.optional(),
      preferences: z.array(z.strictObject({ spread: str })).optional(),
      max_replicas_per_node: uint.optional(),
    })
    .optional(),
  endpoint_mode: z.enum(['vip', 'dnsrr'], { error: 'expected vip or dnsrr' }).optional(),
});

const healthcheck = z.strictObject({
  test: stringOrList.optional(),
  interval: duration.optional(),
  timeout: duration.optional(),
  retries: uint.optional(),
  start_period: duration.optional(),
  start_interval: duration.optional(),
  disable: bool.optional(),
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

const ignored = Object.fromEntries(
  IGNORED_SERVICE_KEYS.map((key) => [key, z.unknown().optional()]),
);

export const serviceSchema = z.strictObject({
  image: str.optional(),
  command: z
    .union([str, z.array(str), z.null()], { error: 'expected a string or a list of strings' })
    .optional(),
  entrypoint: z
    .union([str, z.array(str), z.null()], { error: 'expected a string or a list of strings' })
    .optional(),
  environment: listOrDict.optional(),
  env_file: stringOrList.optional(),
  labels: listOrDict.optional(),
  ports: z.array(port, { error: 'expected a list of ports' }).optional(),
  networks: z
    .union(
      [
        listOfStrings,
        z.record(
          z.string(),
          z.union([
            z.null(),
            z.strictObject({
              aliases: listOfStrings.optional(),
              ipv4_address: str.optional(),
              ipv6_address: str.optional(),
              driver_opts: stringMap.optional(),
            }),
          ]),
        ),
      ],
      { error: 'expected a list of network names or a mapping of network name to options' },
    )
    .optional(),
  volumes: z
    .array(
      z.union([str, volumeLong], {
        error: 'expected "source:target[:mode]" or a mapping with type and target',
      }),
    )
    .optional(),
  secrets: z.array(fileReference).optional(),
  configs: z.array(fileReference).optional(),
  healthcheck: healthcheck.optional(),
  user: str.optional(),
  working_dir: str.optional(),
  hostname: str.optional(),
  extra_hosts: listOrDict.optional(),
  dns: stringOrList.optional(),
  dns_search: stringOrList.optional(),
  cap_add: listOfStrings.optional(),
  cap_drop: listOfStrings.optional(),
  init: bool.optional(),
  logging: z
    .strictObject({ driver: str.optional(), options: stringMap.nullable().optional() })
    .optional(),
  stop_grace_period: duration.optional(),
  stop_signal: str.optional(),
  sysctls: listOrDict.optional(),
  ulimits: z
    .record(
      z.string(),
      z.union([int, z.strictObject({ soft: int, hard: int })], {
        error: 'expected a number or a mapping with soft and hard',
      }),
    )
    .optional(),
  tty: bool.optional(),
  stdin_open: bool.optional(),
  read_only: bool.optional(),
  deploy: deploy.optional(),
  ...ignored,
});

const external = z.union([bool, z.strictObject({ name: str.optional() })], {
  error: 'expected true, false or a mapping with name',
});

const networkSchema = z.strictObject({
  name: str.optional(),
  driver: str.optional(),
  driver_opts: stringMap.optional(),
  ipam: z
    .strictObject({
      driver: str.optional(),
      config: z.array(z.strictObject({ subnet: str.optional() })).optional(),
    })
    .optional(),
  external: external.optional(),
  internal: bool.optional(),
  attachable: bool.optional(),
  labels: listOrDict.optional(),
});

const volumeSchema = z.strictObject({
  name: str.optional(),
  driver: str.optional(),
  driver_opts: stringMap.optional(),
  external: external.optional(),
  labels: listOrDict.optional(),
});

const secretSchema = z.strictObject({
  name: str.optional(),
  file: str.optional(),
  external: external.optional(),
  labels: listOrDict.optional(),
  driver: str.optional(),
  driver_opts: stringMap.optional(),
  template_driver: str.optional(),
});

const configSchema = secretSchema.omit({ driver: true, driver_opts: true });

const section = <T extends z.ZodType>(item: T) =>
  z
    .record(z.string(), z.union([item, z.null()]), { error: 'expected a mapping' })
    .nullable()
    .optional();

export const composeFileSchema = z.strictObject({
  version: z.union([str, z.number()]).optional(),
  name: str.optional(),
  services: z
    .record(z.string(), serviceSchema, { error: 'expected a mapping of service names' })
    .nullable()
    .optional(),
  networks: section(networkSchema),
  volumes: section(volumeSchema),
  secrets: section(secretSchema),
  configs: section(configSchema),
});

export type ComposeFileInput = z.output<typeof composeFileSchema>;
export type ServiceInput = z.output<typeof serviceSchema>;
