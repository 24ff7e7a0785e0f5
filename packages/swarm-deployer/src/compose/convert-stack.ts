// The merged model → LoadedStack: services, the networks they use (the
// default network only when used, like the CLI), volumes, and secrets and
// configs with content-hash names.
import { createHash } from 'node:crypto';
import { STACK_NAMESPACE_LABEL } from '@swarmlift/core';
import type {
  LoadedStack,
  StackNetwork,
  StackSecretOrConfig,
  StackService,
  StackVolume,
  StackWarning,
} from '../stack.js';
import type { ComposeModel, FileObjectModel } from './compose-model.js';
import { type ConvertContext, convertService } from './convert-service.js';
import { imageReferenceProblem } from './image-reference-problem.js';

export interface ConvertProblem {
  path: string;
  message: string;
  source?: { file: string; line: number; column: number };
}

/** Length of the content hash in secret and config names. */
export const HASH_LENGTH = 12;
/** Swarm's limit for secret and config names. */
const MAX_OBJECT_NAME = 64;

/** The files convertStack needs the content of: those of the secrets and configs that are neither external nor made by a driver. */
export function fileObjectPaths(model: ComposeModel): string[] {
  const paths = new Set<string>();
  for (const o of [...Object.values(model.secrets), ...Object.values(model.configs)])
    if (!o.external && !o.driver && o.file !== undefined) paths.add(o.file);
  return [...paths];
}

export function convertStack(options: {
  model: ComposeModel;
  /** The stack's name. */
  stack: string;
  files: string[];
  warnings: StackWarning[];
  /**
   * Content of each secret and config `file:` (absolute path), read by the
   * caller (see fileObjectPaths); a file absent from the map could not be read.
   */
  contents: ReadonlyMap<string, Buffer>;
}): { stack: LoadedStack; problems: ConvertProblem[] } {
  const { model, stack: stackName } = options;
  const problems: ConvertProblem[] = [];
  const labels = (extra: Record<string, string>) => ({
    ...extra,
    [STACK_NAMESPACE_LABEL]: stackName,
  });

  const fileObjects = (
    kind: 'secret' | 'config',
    section: Record<string, FileObjectModel>,
  ): StackSecretOrConfig[] =>
    Object.entries(section)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([name, o]): StackSecretOrConfig[] => {
        if (o.external) {
          return [
            { kind, name, fullName: o.name ?? name, external: true, labels: {}, source: o.source },
          ];
        }
        const data = o.driver ? Buffer.alloc(0) : options.contents.get(o.file ?? '');
        if (data === undefined) {
          problems.push({
            path: `${kind}s.${name}.file`,
            message: `cannot read ${kind} file ${o.file}`,
            source: o.source,
          });
          return [];
        }
        const hash = createHash('sha256').update(data).digest('hex');
        const base = o.name ?? `${stackName}_${name}`;
        const fullName = `${base}_${hash.slice(0, HASH_LENGTH)}`;
        if (fullName.length > MAX_OBJECT_NAME) {
          // Found here rather than by the engine halfway through a deploy.
          problems.push({
            path: `${kind}s.${name}`,
            message: `the ${kind} name ${fullName} is longer than the ${MAX_OBJECT_NAME} characters Swarm allows (the last ${HASH_LENGTH + 1} are the content hash); shorten the stack or ${kind} name, or set a shorter name:`,
            source: o.source,
          });
        }
        return [
          {
            kind,
            name,
            fullName,
            external: false,
            data,
            hash,
            labels: labels(o.labels),
            ...(o.driver ? { driver: o.driver } : {}),
            ...(o.template_driver ? { templateDriver: o.template_driver } : {}),
            source: o.source,
          },
        ];
      });
  const secrets = fileObjects('secret', model.secrets);
  const configs = fileObjects('config', model.configs);

  let current: { source: ConvertProblem['source'] } = { source: undefined };
  const ctx: ConvertContext = {
    stack: stackName,
    model,
    secretNames: new Map(secrets.map((s) => [s.name, s.fullName])),
    configNames: new Map(configs.map((c) => [c.name, c.fullName])),
    problem: (message, path, at) =>
      problems.push({ path, message, source: at?.source ?? current.source }),
  };
  // The CLI names undefined secrets/configs too; keep those that failed to read out of "undefined" errors.
  for (const [name, o] of Object.entries(model.secrets))
    if (!ctx.secretNames.has(name)) ctx.secretNames.set(name, o.name ?? name);
  for (const [name, o] of Object.entries(model.configs))
    if (!ctx.configNames.has(name)) ctx.configNames.set(name, o.name ?? name);

  const services: StackService[] = Object.values(model.services)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((service) => {
      current = { source: service.source };
      if (!service.image) {
        problems.push({
          path: `services.${service.name}.image`,
          message: 'image is required',
          source: service.source,
        });
      } else {
        const problem = imageReferenceProblem(service.image);
        const at = service.references.image;
        if (problem)
          problems.push({
            path: at?.path ?? `services.${service.name}.image`,
            message: problem,
            source: at?.source ?? service.source,
          });
      }
      return {
        name: service.name,
        fullName: `${stackName}_${service.name}`,
        image: service.image ?? '',
        spec: convertService(service, ctx),
        source: service.source,
      };
    });

  const usedNetworks = new Set<string>();
  for (const service of Object.values(model.services)) {
    const names =
      service.networks && Object.keys(service.networks).length > 0
        ? Object.keys(service.networks)
        : ['default'];
    for (const name of names) usedNetworks.add(name);
  }
  const networks: StackNetwork[] = [...usedNetworks].sort().flatMap((name): StackNetwork[] => {
    const n = model.networks[name];
    if (!n && name !== 'default') return [];
    if (n?.external) return [{ name, fullName: n.name ?? name, external: true, source: n.source }];
    const fullName = n?.name ?? `${stackName}_${name}`;
    const create: Record<string, unknown> = {
      Name: fullName,
      Driver: n?.driver || 'overlay',
      Labels: labels(n?.labels ?? {}),
      ...(n?.driver_opts ? { Options: n.driver_opts } : {}),
      ...(n?.internal ? { Internal: true } : {}),
      ...(n?.attachable ? { Attachable: true } : {}),
    };
    if (n?.ipam && (n.ipam.driver || (n.ipam.config?.length ?? 0) > 0)) {
      create.IPAM = {
        Driver: n.ipam.driver ?? '',
        Config: (n.ipam.config ?? []).map((c) => ({ Subnet: c.subnet ?? '' })),
      };
    }
    return [
      {
        name,
        fullName,
        external: false,
        create: create as unknown as StackNetwork['create'],
        source: n?.source,
      },
    ];
  });

  const volumes: StackVolume[] = Object.entries(model.volumes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, v]) => ({
      name,
      fullName: v.name ?? `${stackName}_${name}`,
      external: v.external,
      ...(v.driver ? { driver: v.driver } : {}),
      ...(v.driver_opts ? { driverOpts: v.driver_opts } : {}),
      ...(v.external ? {} : { labels: labels(v.labels) }),
    }));

  return {
    stack: {
      name: stackName,
      files: options.files,
      services,
      networks,
      volumes,
      secrets,
      configs,
      warnings: options.warnings,
    },
    problems,
  };
}
