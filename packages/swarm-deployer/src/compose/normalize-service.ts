// One service of a validated compose file → the CLI's typed ServiceConfig:
// short syntaxes parsed, durations and sizes converted, env_file read and
// merged into environment as the CLI's resolveEnvironment does, bind-mount
// paths made absolute.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { parseEnvFile } from '@swarmlift/env-writer/env-file';
import type { SourceLocation } from '../stack.js';
import type {
  FileReference,
  ReferenceLocation,
  ServiceModel,
  UpdateConfigModel,
} from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';
import type { Lookup } from './interpolate.js';
import { parseNanoCpus } from './parse-byte-size.js';
import { type PortConfig, parsePortSpec } from './parse-port-spec.js';
import { parseVolumeSpec, type ServiceVolume } from './parse-volume-spec.js';
import { splitShellWords } from './split-shell-words.js';
import { goString, mapping } from './to-mapping.js';

export type Path = (string | number)[];

export interface NormalizeContext {
  projectDir: string;
  lookup: Lookup;
  parseEnvFile?: typeof parseEnvFile;
  problem(path: Path, message: string, code?: 'COMPOSE_INVALID' | 'COMPOSE_ENV_FILE_INVALID'): void;
  /** Reports a problem from a file other than the compose file (an env file). */
  problemAt(problem: {
    file: string;
    line: number;
    column: number;
    path: string;
    message: string;
    code: 'COMPOSE_ENV_FILE_INVALID';
  }): void;
  source(path: Path): SourceLocation;
  duration(value: string | undefined, path: Path): number | undefined;
  bytes(value: string | number | undefined, path: Path): number | undefined;
}

export function normalizeService(
  name: string,
  s: ServiceInput,
  at: Path,
  ctx: NormalizeContext,
): ServiceModel {
  const { projectDir, lookup, problem, source, duration, bytes } = ctx;
  const command = (
    value: string | string[] | null | undefined,
    key: string,
  ): string[] | undefined => {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value;
    const words = splitShellWords(value);
    if (!words) problem([...at, key], 'unclosed quote or trailing backslash');
    return words;
  };

  const environment: Record<string, string | null> = {};
  // The CLI's updateEnvironment: a value that is missing or empty is taken
  // from the deploying environment when that has the variable.
  const setVar = (key: string, value: string | null) => {
    const fromEnv = lookup(key);
    environment[key] = (value === null || value === '') && fromEnv !== undefined ? fromEnv : value;
  };
  const envFiles =
    s.env_file === undefined ? [] : Array.isArray(s.env_file) ? s.env_file : [s.env_file];
  envFiles.forEach((envFile, index) => {
    const path = Array.isArray(s.env_file) ? [...at, 'env_file', index] : [...at, 'env_file'];
    const absolute = resolve(projectDir, envFile);
    if (!existsSync(absolute)) {
      problem(path, `env file ${absolute} not found`, 'COMPOSE_ENV_FILE_INVALID');
      return;
    }
    try {
      if (!ctx.parseEnvFile)
        throw new Error('normalizeComposeFile needs parseEnvFile for env_file');
      for (const entry of ctx.parseEnvFile(readFileSync(absolute), { file: absolute })) {
        setVar(entry.key, entry.value ?? null);
      }
    } catch (error) {
      const line = (error as { line?: number }).line;
      ctx.problemAt({
        file: absolute,
        line: line ?? 0,
        column: line ? 1 : 0,
        path: path.join('.'),
        message: (error as Error).message,
        code: 'COMPOSE_ENV_FILE_INVALID',
      });
    }
  });
  for (const [key, value] of Object.entries(mapping(s.environment, '=', true))) setVar(key, value);

  const ports: PortConfig[] = [];
  s.ports?.forEach((port, index) => {
    if (typeof port === 'object') {
      const published = port.published === undefined ? 0 : Number(port.published);
      if (!Number.isInteger(published) || published < 0 || published > 65535) {
        problem([...at, 'ports', index, 'published'], `"${port.published}" is not a port number`);
      }
      ports.push({
        protocol: port.protocol ?? '',
        target: port.target,
        published,
        mode: port.mode ?? '',
      });
      return;
    }
    const parsed = parsePortSpec(String(port));
    if (typeof parsed === 'string') problem([...at, 'ports', index], parsed);
    else ports.push(...parsed);
  });

  const volumes: ServiceVolume[] = [];
  /** The index in the file of each entry of `volumes` (entries with problems are left out). */
  const volumeIndex: number[] = [];
  s.volumes?.forEach((volume, index) => {
    let parsed: ServiceVolume | string;
    if (typeof volume === 'string') {
      parsed = parseVolumeSpec(volume);
    } else {
      parsed = {
        type: volume.type,
        source: volume.source,
        target: volume.target,
        read_only: volume.read_only,
        consistency: volume.consistency,
        bind: volume.bind && { propagation: volume.bind.propagation },
        volume: volume.volume && { nocopy: volume.volume.nocopy },
        tmpfs: volume.tmpfs && {
          size: bytes(volume.tmpfs.size, [...at, 'volumes', index, 'tmpfs', 'size']),
        },
      };
    }
    if (typeof parsed === 'string') {
      problem([...at, 'volumes', index], parsed);
      return;
    }
    if (parsed.type === 'bind') {
      if (!parsed.source) {
        problem([...at, 'volumes', index], 'a bind mount needs a source');
        return;
      }
      let path = parsed.source;
      const home = lookup('HOME');
      if (path.startsWith('~') && home !== undefined) path = home + path.slice(1);
      if (!isAbsolute(path)) path = resolve(projectDir, path);
      parsed.source = path;
    }
    volumes.push(parsed);
    volumeIndex.push(index);
  });

  const fileRefs = (list: ServiceInput['secrets']): FileReference[] =>
    (list ?? []).map((ref) => (typeof ref === 'string' ? { source: ref } : { ...ref }));

  const healthcheck = s.healthcheck && {
    test:
      s.healthcheck.test === undefined
        ? undefined
        : typeof s.healthcheck.test === 'string'
          ? ['CMD-SHELL', s.healthcheck.test]
          : s.healthcheck.test,
    interval: duration(s.healthcheck.interval, [...at, 'healthcheck', 'interval']),
    timeout: duration(s.healthcheck.timeout, [...at, 'healthcheck', 'timeout']),
    retries: s.healthcheck.retries,
    start_period: duration(s.healthcheck.start_period, [...at, 'healthcheck', 'start_period']),
    start_interval: duration(s.healthcheck.start_interval, [
      ...at,
      'healthcheck',
      'start_interval',
    ]),
    disable: s.healthcheck.disable,
  };
  if (healthcheck?.disable && healthcheck.test && healthcheck.test.length > 0) {
    problem([...at, 'healthcheck'], 'test and disable cannot be set at the same time');
  }

  const extraHosts = Array.isArray(s.extra_hosts)
    ? s.extra_hosts
    : Object.entries(s.extra_hosts ?? {})
        .filter(([, ip]) => ip !== null)
        .map(([host, ip]) => `${host}:${goString(ip)}`)
        .sort();

  const ulimits: ServiceModel['ulimits'] = {};
  for (const [key, value] of Object.entries(s.ulimits ?? {})) {
    ulimits[key] =
      typeof value === 'number' ? { single: value } : { soft: value.soft, hard: value.hard };
  }

  const d = s.deploy ?? {};
  const updateConfig = (c: typeof d.update_config, key: string): UpdateConfigModel | undefined =>
    c && {
      parallelism: c.parallelism,
      delay: duration(c.delay, [...at, 'deploy', key, 'delay']),
      failure_action: c.failure_action,
      monitor: duration(c.monitor, [...at, 'deploy', key, 'monitor']),
      max_failure_ratio: c.max_failure_ratio,
      order: c.order,
    };
  const cpus = (value: string | number | undefined, path: Path) => {
    if (value === undefined) return undefined;
    const n = parseNanoCpus(value);
    if (n === undefined) problem(path, `"${value}" is not a number of CPUs (use e.g. "0.5")`);
    return n;
  };
  const limits = d.resources?.limits;
  const reservations = d.resources?.reservations;
  if ((d.mode === 'global' || d.mode === 'global-job') && d.replicas !== undefined) {
    problem(
      [...at, 'deploy', 'replicas'],
      'replicas can only be used with replicated or replicated-job mode',
    );
  }
  const legacyRestart = (s as Record<string, unknown>).restart;
  const restart =
    legacyRestart === undefined || legacyRestart === null ? undefined : goString(legacyRestart);

  const references: Record<string, ReferenceLocation> = {};
  const reference = (key: string, path: Path) => {
    references[key] = { path: path.join('.'), source: source(path) };
  };
  const networkNames = Array.isArray(s.networks) ? s.networks : Object.keys(s.networks ?? {});
  networkNames.forEach((n, i) => {
    reference(`network:${n}`, [...at, 'networks', Array.isArray(s.networks) ? i : n]);
  });
  volumes.forEach((v, i) => {
    if (v.type === 'volume' && v.source)
      reference(`volume:${v.source}`, [...at, 'volumes', volumeIndex[i] ?? i]);
  });
  for (const kind of ['secrets', 'configs'] as const) {
    (s[kind] ?? []).forEach((ref, i) => {
      reference(`${kind.slice(0, -1)}:${typeof ref === 'string' ? ref : ref.source}`, [
        ...at,
        kind,
        i,
      ]);
    });
  }
  if (s.restart !== undefined) reference('restart', [...at, 'restart']);

  return {
    name,
    source: source(at),
    references,
    image: s.image,
    command: command(s.command, 'command'),
    entrypoint: command(s.entrypoint, 'entrypoint'),
    environment,
    labels: mapping(s.labels, '=', false) as Record<string, string>,
    ports,
    networks: Array.isArray(s.networks)
      ? Object.fromEntries(s.networks.map((n) => [n, null]))
      : s.networks &&
        Object.fromEntries(
          Object.entries(s.networks).map(([n, c]) => [
            n,
            c && {
              aliases: c.aliases,
              driver_opts:
                c.driver_opts && (mapping(c.driver_opts, '=', false) as Record<string, string>),
            },
          ]),
        ),
    volumes,
    secrets: fileRefs(s.secrets),
    configs: fileRefs(s.configs),
    healthcheck,
    user: s.user,
    working_dir: s.working_dir,
    hostname: s.hostname,
    extra_hosts: extraHosts,
    dns: s.dns === undefined ? [] : Array.isArray(s.dns) ? s.dns : [s.dns],
    dns_search:
      s.dns_search === undefined ? [] : Array.isArray(s.dns_search) ? s.dns_search : [s.dns_search],
    cap_add: s.cap_add ?? [],
    cap_drop: s.cap_drop ?? [],
    init: s.init,
    logging: s.logging && {
      driver: s.logging.driver,
      options: s.logging.options
        ? (mapping(s.logging.options, '=', false) as Record<string, string>)
        : undefined,
    },
    stop_grace_period: duration(s.stop_grace_period, [...at, 'stop_grace_period']),
    stop_signal: s.stop_signal,
    sysctls: mapping(s.sysctls, '=', false) as Record<string, string>,
    ulimits,
    tty: s.tty,
    stdin_open: s.stdin_open,
    read_only: s.read_only,
    restart,
    deploy: {
      mode: d.mode,
      replicas: d.replicas,
      labels: mapping(d.labels, '=', false) as Record<string, string>,
      update_config: updateConfig(d.update_config, 'update_config'),
      rollback_config: updateConfig(d.rollback_config, 'rollback_config'),
      restart_policy: d.restart_policy && {
        condition: d.restart_policy.condition,
        delay: duration(d.restart_policy.delay, [...at, 'deploy', 'restart_policy', 'delay']),
        max_attempts: d.restart_policy.max_attempts,
        window: duration(d.restart_policy.window, [...at, 'deploy', 'restart_policy', 'window']),
      },
      resources: {
        limits: limits && {
          cpus: cpus(limits.cpus, [...at, 'deploy', 'resources', 'limits', 'cpus']),
          memory: bytes(limits.memory, [...at, 'deploy', 'resources', 'limits', 'memory']),
          pids: limits.pids,
        },
        reservations: reservations && {
          cpus: cpus(reservations.cpus, [...at, 'deploy', 'resources', 'reservations', 'cpus']),
          memory: bytes(reservations.memory, [
            ...at,
            'deploy',
            'resources',
            'reservations',
            'memory',
          ]),
          generic_resources: reservations.generic_resources,
        },
      },
      placement: {
        constraints: d.placement?.constraints ?? [],
        preferences: d.placement?.preferences ?? [],
        max_replicas_per_node: d.placement?.max_replicas_per_node,
      },
      endpoint_mode: d.endpoint_mode,
    },
  };
}
