// A service of the merged model → the Engine API ServiceSpec the CLI's
// converter builds (cli/compose/convert/service.go, volume.go), before the
// deploy step: secret/config ids empty, no com.docker.stack.image label.
import { STACK_NAMESPACE_LABEL } from '@swarmlift/core';
import type Docker from 'dockerode';
import type {
  ComposeModel,
  FileReference,
  ReferenceLocation,
  ServiceModel,
  UpdateConfigModel,
} from './compose-model.js';

export interface ConvertContext {
  stack: string;
  model: ComposeModel;
  /** Compose secret/config key → full (hashed or external) name. */
  secretNames: Map<string, string>;
  configNames: Map<string, string>;
  /** `at`: where the reference was written, when known; otherwise the service. */
  problem(message: string, path: string, at?: ReferenceLocation): void;
}

const scope = (stack: string, name: string) => `${stack}_${name}`;

function withNamespace(
  stack: string,
  labels: Record<string, string> | undefined,
): Record<string, string> {
  return { ...labels, [STACK_NAMESPACE_LABEL]: stack };
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The CLI's opts.EffectiveCapAddCapDrop: CAP_ prefix, upper case, ALL wins, an added capability is not dropped. */
export function effectiveCapabilities(
  add: string[],
  drop: string[],
): { add: string[]; drop: string[] } {
  const normalize = (caps: string[]) => {
    const out = [
      ...new Set(
        caps.map((c) => {
          const cap = c.trim().toUpperCase();
          return cap === 'ALL' || cap.startsWith('CAP_') ? cap : `CAP_${cap}`;
        }),
      ),
    ].sort();
    return out.includes('ALL') ? ['ALL'] : out;
  };
  const addCaps = normalize(add);
  const dropCaps = normalize(drop).filter((c) => !addCaps.includes(c));
  return { add: addCaps, drop: dropCaps };
}

function updateConfig(c: UpdateConfigModel | undefined): Docker.ServiceSpec['UpdateConfig'] {
  if (!c) return undefined;
  return {
    Parallelism: c.parallelism ?? 1,
    Delay: c.delay ?? 0,
    FailureAction: c.failure_action ?? '',
    Monitor: c.monitor ?? 0,
    MaxFailureRatio: c.max_failure_ratio ?? 0,
    Order: c.order ?? '',
  };
}

function restartPolicy(s: ServiceModel, ctx: ConvertContext, path: string) {
  const p = s.deploy.restart_policy;
  if (p) {
    return {
      Condition: p.condition ?? '',
      Delay: p.delay,
      MaxAttempts: p.max_attempts,
      Window: p.window,
    };
  }
  if (s.restart === undefined || s.restart === '') return undefined;
  // Legacy `restart:` (the CLI warns that it is unsupported, then uses it anyway).
  const [name = '', count] = s.restart.split(':');
  const attempts = count === undefined ? 0 : Number(count);
  const maxAttempts = attempts > 0 ? attempts : undefined;
  switch (name) {
    case 'no':
    case '':
      return undefined;
    case 'always':
    case 'unless-stopped':
      return { Condition: 'any', MaxAttempts: maxAttempts };
    case 'on-failure':
      return { Condition: 'on-failure', MaxAttempts: maxAttempts };
    default:
      ctx.problem(
        `invalid restart policy "${s.restart}" (use no, always, on-failure or unless-stopped)`,
        `${path}.restart`,
        s.references.restart,
      );
      return undefined;
  }
}

function mode(s: ServiceModel): Docker.ServiceSpec['Mode'] {
  const replicas = s.deploy.replicas;
  switch (s.deploy.mode) {
    case 'global':
      return { Global: {} };
    case 'global-job':
      return { GlobalJob: {} } as Docker.ServiceSpec['Mode'];
    case 'replicated-job':
      return {
        ReplicatedJob: { MaxConcurrent: replicas, TotalCompletions: replicas },
      } as Docker.ServiceSpec['Mode'];
    default:
      return { Replicated: replicas === undefined ? {} : { Replicas: replicas } };
  }
}

function fileReference(
  s: ServiceModel,
  ref: FileReference,
  names: Map<string, string>,
  kind: 'secret' | 'config',
  ctx: ConvertContext,
  path: string,
) {
  const name = names.get(ref.source);
  if (name === undefined) {
    const at = s.references[`${kind}:${ref.source}`];
    ctx.problem(
      `undefined ${kind} "${ref.source}" (declare it under the top-level ${kind}s)`,
      at?.path ?? path,
      at,
    );
    return undefined;
  }
  return {
    File: {
      Name: ref.target || ref.source,
      UID: ref.uid || '0',
      GID: ref.gid || '0',
      Mode: ref.mode ?? 0o444,
    },
    name,
  };
}

function mounts(
  s: ServiceModel,
  ctx: ConvertContext,
  path: string,
): Docker.MountSettings[] | undefined {
  if (s.volumes.length === 0) return undefined;
  return s.volumes.map((v) => {
    const mount: Docker.MountSettings = {
      Type: v.type as Docker.MountType,
      Target: v.target,
    } as Docker.MountSettings;
    const m = mount as unknown as Record<string, unknown>;
    if (v.read_only) m.ReadOnly = true;
    if (v.source) m.Source = v.source;
    if (v.consistency) m.Consistency = v.consistency;
    const incompatible = (key: 'bind' | 'volume' | 'tmpfs') =>
      ctx.problem(`${key} options are incompatible with type ${v.type}`, `${path}.volumes`);
    if (v.type === 'volume') {
      if (v.bind) incompatible('bind');
      if (v.tmpfs) incompatible('tmpfs');
      if (!v.source) return mount;
      const stackVolume = ctx.model.volumes[v.source];
      if (!stackVolume) {
        const at = s.references[`volume:${v.source}`];
        ctx.problem(
          `undefined volume "${v.source}" (declare it under the top-level volumes)`,
          at?.path ?? `${path}.volumes`,
          at,
        );
        return mount;
      }
      m.Source = stackVolume.name || scope(ctx.stack, v.source);
      const options: Record<string, unknown> = {};
      if (v.volume?.nocopy) options.NoCopy = true;
      if (!stackVolume.external) {
        options.Labels = withNamespace(ctx.stack, stackVolume.labels);
        if (stackVolume.driver || stackVolume.driver_opts) {
          options.DriverConfig = {
            Name: stackVolume.driver ?? '',
            Options: stackVolume.driver_opts,
          };
        }
      }
      m.VolumeOptions = options;
    } else if (v.type === 'bind') {
      if (v.volume) incompatible('volume');
      if (v.tmpfs) incompatible('tmpfs');
      if (v.bind) m.BindOptions = { Propagation: v.bind.propagation ?? '' };
    } else if (v.type === 'tmpfs') {
      if (v.source) ctx.problem('a tmpfs mount takes no source', `${path}.volumes`);
      if (v.bind) incompatible('bind');
      if (v.volume) incompatible('volume');
      if (v.tmpfs) m.TmpfsOptions = { SizeBytes: v.tmpfs.size };
    } else {
      ctx.problem(`volume type ${v.type} is not supported by swarmlift`, `${path}.volumes`);
    }
    return mount;
  });
}

function networks(s: ServiceModel, ctx: ConvertContext, path: string) {
  const entries = s.networks && Object.keys(s.networks).length > 0 ? s.networks : { default: null };
  const out: { Target: string; Aliases?: string[]; DriverOpts?: Record<string, string> }[] = [];
  for (const [name, config] of Object.entries(entries)) {
    const network = ctx.model.networks[name];
    if (!network && name !== 'default') {
      const at = s.references[`network:${name}`];
      ctx.problem(
        `undefined network "${name}" (declare it under the top-level networks)`,
        at?.path ?? `${path}.networks`,
        at,
      );
      continue;
    }
    const target = network?.name || scope(ctx.stack, name);
    const aliases = [...(config?.aliases ?? [])];
    // Only user-defined networks take aliases (not host, bridge, none or container:...).
    const userDefined =
      !['default', 'bridge', 'host', 'none'].includes(target) && !target.startsWith('container:');
    if (userDefined) aliases.push(s.name);
    out.push({
      Target: target,
      ...(aliases.length > 0 ? { Aliases: aliases } : {}),
      ...(config?.driver_opts ? { DriverOpts: config.driver_opts } : {}),
    });
  }
  return out.sort((a, b) => compare(a.Target, b.Target));
}

function healthcheck(s: ServiceModel) {
  const h = s.healthcheck;
  if (!h) return undefined;
  if (h.disable) return { Test: ['NONE'] };
  return {
    ...(h.test ? { Test: h.test } : {}),
    ...(h.interval ? { Interval: h.interval } : {}),
    ...(h.timeout ? { Timeout: h.timeout } : {}),
    ...(h.retries ? { Retries: h.retries } : {}),
    ...(h.start_period ? { StartPeriod: h.start_period } : {}),
    ...(h.start_interval ? { StartInterval: h.start_interval } : {}),
  };
}

function resources(s: ServiceModel) {
  const { limits, reservations } = s.deploy.resources;
  const out: Record<string, unknown> = {};
  if (limits) {
    out.Limits = {
      ...(limits.cpus ? { NanoCPUs: limits.cpus } : {}),
      ...(limits.memory ? { MemoryBytes: limits.memory } : {}),
      ...(limits.pids ? { Pids: limits.pids } : {}),
    };
  }
  if (reservations) {
    const generic = reservations.generic_resources?.map((r) =>
      r.discrete_resource_spec
        ? {
            DiscreteResourceSpec: {
              Kind: r.discrete_resource_spec.kind,
              Value: r.discrete_resource_spec.value,
            },
          }
        : {},
    );
    out.Reservations = {
      ...(reservations.cpus ? { NanoCPUs: reservations.cpus } : {}),
      ...(reservations.memory ? { MemoryBytes: reservations.memory } : {}),
      ...(generic && generic.length > 0 ? { GenericResources: generic } : {}),
    };
  }
  return out;
}

/** Converts one service; problems (undefined networks, secrets, ...) go to ctx.problem. */
export function convertService(s: ServiceModel, ctx: ConvertContext): Docker.ServiceSpec {
  const path = `services.${s.name}`;
  const stack = ctx.stack;
  const caps = effectiveCapabilities(s.cap_add, s.cap_drop);
  const secrets = s.secrets
    .map((ref, i) => fileReference(s, ref, ctx.secretNames, 'secret', ctx, `${path}.secrets.${i}`))
    .filter((r) => r !== undefined)
    .map((r) => ({ File: r.File, SecretID: '', SecretName: r.name }))
    .sort((a, b) => compare(a.SecretName, b.SecretName));
  const configs = s.configs
    .map((ref, i) => fileReference(s, ref, ctx.configNames, 'config', ctx, `${path}.configs.${i}`))
    .filter((r) => r !== undefined)
    .map((r) => ({ File: r.File, ConfigID: '', ConfigName: r.name }))
    .sort((a, b) => compare(a.ConfigName, b.ConfigName));
  const env = Object.entries(s.environment)
    .map(([key, value]) => (value === null ? key : `${key}=${value}`))
    .sort();
  const ulimits = Object.entries(s.ulimits)
    .map(([name, u]) => ({
      Name: name,
      Soft: u.single || u.soft || 0,
      Hard: u.single || u.hard || 0,
    }))
    .sort((a, b) => compare(a.Name, b.Name));
  const hosts = s.extra_hosts.flatMap((entry) => {
    const at = entry.indexOf(':');
    return at === -1 ? [] : [`${entry.slice(at + 1)} ${entry.slice(0, at)}`];
  });

  const containerSpec: Record<string, unknown> = {
    Image: s.image ?? '',
    Labels: withNamespace(stack, s.labels),
    ...(s.entrypoint && s.entrypoint.length > 0 ? { Command: s.entrypoint } : {}),
    ...(s.command && s.command.length > 0 ? { Args: s.command } : {}),
    ...(s.hostname ? { Hostname: s.hostname } : {}),
    ...(env.length > 0 ? { Env: env } : {}),
    ...(s.working_dir ? { Dir: s.working_dir } : {}),
    ...(s.user ? { User: s.user } : {}),
    ...(hosts.length > 0 ? { Hosts: hosts } : {}),
    ...(s.dns.length > 0 || s.dns_search.length > 0
      ? {
          DNSConfig: {
            ...(s.dns.length > 0 ? { Nameservers: s.dns } : {}),
            ...(s.dns_search.length > 0 ? { Search: s.dns_search } : {}),
          },
        }
      : {}),
    ...(s.healthcheck ? { Healthcheck: healthcheck(s) } : {}),
    ...(s.volumes.length > 0 ? { Mounts: mounts(s, ctx, path) } : {}),
    ...(s.stop_grace_period !== undefined ? { StopGracePeriod: s.stop_grace_period } : {}),
    ...(s.stop_signal ? { StopSignal: s.stop_signal } : {}),
    ...(s.tty ? { TTY: true } : {}),
    ...(s.stdin_open ? { OpenStdin: true } : {}),
    ...(secrets.length > 0 ? { Secrets: secrets } : {}),
    ...(configs.length > 0 ? { Configs: configs } : {}),
    ...(s.read_only ? { ReadOnly: true } : {}),
    Privileges: { CredentialSpec: null, SELinuxContext: null },
    ...(s.init !== undefined ? { Init: s.init } : {}),
    ...(Object.keys(s.sysctls).length > 0 ? { Sysctls: s.sysctls } : {}),
    ...(caps.add.length > 0 ? { CapabilityAdd: caps.add } : {}),
    ...(caps.drop.length > 0 ? { CapabilityDrop: caps.drop } : {}),
    ...(ulimits.length > 0 ? { Ulimits: ulimits } : {}),
  };

  const ports = s.ports
    .map((p) => ({
      ...(p.protocol ? { Protocol: p.protocol } : {}),
      TargetPort: p.target,
      ...(p.published ? { PublishedPort: p.published } : {}),
      ...(p.mode ? { PublishMode: p.mode } : {}),
    }))
    .sort((a, b) => compare(a.PublishedPort ?? 0, b.PublishedPort ?? 0));

  const placement = s.deploy.placement;
  const spec: Record<string, unknown> = {
    Name: scope(stack, s.name),
    Labels: withNamespace(stack, s.deploy.labels),
    TaskTemplate: {
      ContainerSpec: containerSpec,
      ...(s.logging
        ? {
            LogDriver: {
              Name: s.logging.driver ?? '',
              ...(s.logging.options ? { Options: s.logging.options } : {}),
            },
          }
        : {}),
      Resources: resources(s),
      ...((): Record<string, unknown> => {
        const policy = restartPolicy(s, ctx, path);
        return policy ? { RestartPolicy: policy } : {};
      })(),
      Placement: {
        ...(placement.constraints.length > 0 ? { Constraints: placement.constraints } : {}),
        ...(placement.preferences.length > 0
          ? {
              Preferences: placement.preferences.map((p) => ({
                Spread: { SpreadDescriptor: p.spread },
              })),
            }
          : {}),
        ...(placement.max_replicas_per_node
          ? { MaxReplicas: placement.max_replicas_per_node }
          : {}),
      },
      Networks: networks(s, ctx, path),
    },
    Mode: mode(s),
    ...(s.deploy.update_config ? { UpdateConfig: updateConfig(s.deploy.update_config) } : {}),
    ...(s.deploy.rollback_config ? { RollbackConfig: updateConfig(s.deploy.rollback_config) } : {}),
    EndpointSpec: {
      ...(s.deploy.endpoint_mode ? { Mode: s.deploy.endpoint_mode.toLowerCase() } : {}),
      ...(ports.length > 0 ? { Ports: ports } : {}),
    },
  };
  return spec as Docker.ServiceSpec;
}
