import { resolve } from 'node:path';
import type { ComposeProblem } from './compose-error.js';
import type {
  ComposeModel,
  FileObjectModel,
  NetworkModel,
  ServiceModel,
  VolumeModel,
} from './compose-model.js';
import type { ComposeFileInput } from './compose-schema.js';
import type { Lookup } from './interpolate.js';
import type { EnvFileContent } from './normalize-environment.js';
import { type NormalizeServiceContext, normalizeService } from './normalize-service.js';
import type { Position } from './parse-compose-yaml.js';
import type { Path } from './service-problem.js';
import { mapping } from './to-mapping.js';

export interface NormalizeOptions {
  file: string;
  /** Relative env_file, bind-mount, secret and config paths start here (the CLI's working directory). */
  projectDir: string;
  lookup: Lookup;
  locate(path: readonly (string | number)[]): Position;
  /**
   * Content of every env file a service names, by absolute path (see
   * envFileReferences): read by the caller, so that normalizing reads nothing.
   */
  envFiles: ReadonlyMap<string, EnvFileContent>;
}

export interface NormalizeProblem extends ComposeProblem {
  code: 'COMPOSE_INVALID' | 'COMPOSE_ENV_FILE_INVALID';
}

/**
 * Turns one validated compose file into the CLI's typed model: short syntaxes
 * parsed, durations and sizes converted, env files merged into environment,
 * relative paths made absolute. Collects every problem.
 */
export function normalizeComposeFile(
  input: ComposeFileInput,
  options: NormalizeOptions,
): { model: ComposeModel; problems: NormalizeProblem[] } {
  const { file, projectDir, lookup, locate } = options;
  const problems: NormalizeProblem[] = [];
  const problem = (
    path: Path,
    message: string,
    code: NormalizeProblem['code'] = 'COMPOSE_INVALID',
  ) => problems.push({ file, ...locate(path), path: path.join('.'), message, code });
  const source = (path: Path) => ({ file, ...locate(path) });

  const context: NormalizeServiceContext = {
    projectDir,
    lookup,
    envFiles: options.envFiles,
    source,
  };
  const services: Record<string, ServiceModel> = {};
  for (const [name, service] of Object.entries(input.services ?? {})) {
    const normalized = normalizeService(name, service, ['services', name], context);
    services[name] = normalized.value;
    for (const p of normalized.problems) {
      if (p.at)
        problems.push({
          ...p.at,
          path: p.path.join('.'),
          message: p.message,
          code: p.code ?? 'COMPOSE_INVALID',
        });
      else problem(p.path, p.message, p.code);
    }
  }

  const external = (value: boolean | { name?: string } | undefined) =>
    value === undefined
      ? { external: false }
      : typeof value === 'boolean'
        ? { external: value }
        : { external: true, name: value.name };

  const networks: Record<string, NetworkModel> = {};
  for (const [name, n] of Object.entries(input.networks ?? {})) {
    const at = ['networks', name];
    const ext = external(n?.external);
    if (ext.name && n?.name)
      problem(at, 'network.external.name and network.name conflict; only use network.name');
    networks[name] = {
      name: n?.name ?? ext.name ?? (ext.external ? name : undefined),
      driver: n?.driver,
      driver_opts: n?.driver_opts && (mapping(n.driver_opts, '=', false) as Record<string, string>),
      ipam: n?.ipam,
      external: ext.external,
      internal: n?.internal,
      attachable: n?.attachable,
      labels: mapping(n?.labels, '=', false) as Record<string, string>,
      source: source(at),
    };
  }

  const volumes: Record<string, VolumeModel> = {};
  for (const [name, v] of Object.entries(input.volumes ?? {})) {
    const at = ['volumes', name];
    const ext = external(v?.external);
    if (ext.external) {
      for (const key of ['driver', 'driver_opts', 'labels'] as const) {
        if (v?.[key] !== undefined)
          problem(
            [...at, key],
            `conflicting parameters "external" and "${key}" specified for volume "${name}"`,
          );
      }
    }
    if (ext.name && v?.name)
      problem(at, 'volume.external.name and volume.name conflict; only use volume.name');
    volumes[name] = {
      name: v?.name ?? ext.name ?? (ext.external ? name : undefined),
      driver: v?.driver,
      driver_opts: v?.driver_opts && (mapping(v.driver_opts, '=', false) as Record<string, string>),
      external: ext.external,
      labels: mapping(v?.labels, '=', false) as Record<string, string>,
      source: source(at),
    };
  }

  const fileObjects = (section: 'secrets' | 'configs'): Record<string, FileObjectModel> => {
    const out: Record<string, FileObjectModel> = {};
    const kind = section === 'secrets' ? 'secret' : 'config';
    for (const [name, o] of Object.entries(input[section] ?? {})) {
      const at = [section, name];
      const ext = external(o?.external);
      const driver = o && 'driver' in o ? (o.driver as string | undefined) : undefined;
      if (ext.name && o?.name)
        problem(at, `${kind}.external.name and ${kind}.name conflict; only use ${kind}.name`);
      if (!ext.external && driver && o?.file)
        problem(at, `${kind}.driver and ${kind}.file conflict; only use ${kind}.driver`);
      if (!ext.external && !driver && !o?.file)
        problem(at, `a ${kind} needs file: (or external: true)`);
      out[name] = {
        name: o?.name ?? ext.name ?? (ext.external ? name : undefined),
        file: !ext.external && !driver && o?.file ? resolve(projectDir, o.file) : undefined,
        external: ext.external,
        labels: mapping(o?.labels, '=', false) as Record<string, string>,
        driver: driver as string | undefined,
        driver_opts:
          o && 'driver_opts' in o && o.driver_opts
            ? (mapping(o.driver_opts as Record<string, unknown>, '=', false) as Record<
                string,
                string
              >)
            : undefined,
        template_driver: o?.template_driver,
        source: source(at),
      };
    }
    return out;
  };

  return {
    model: {
      file,
      services,
      networks,
      volumes,
      secrets: fileObjects('secrets'),
      configs: fileObjects('configs'),
    },
    problems,
  };
}
