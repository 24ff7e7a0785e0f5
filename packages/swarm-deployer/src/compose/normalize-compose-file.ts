import type { ComposeProblem } from './compose-error.js';
import type { ComposeModel, ServiceModel } from './compose-model.js';
import type { ComposeFileInput } from './compose-schema.js';
import type { Lookup } from './interpolate.js';
import type { EnvFileContent } from './normalize-environment.js';
import { normalizeFileObjects } from './normalize-file-objects.js';
import { normalizeNetworks } from './normalize-networks.js';
import { type NormalizeServiceContext, normalizeService } from './normalize-service.js';
import { normalizeVolumes } from './normalize-volumes.js';
import type { Position } from './parse-compose-yaml.js';
import type { Path, PathProblem } from './path-problem.js';

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
  const report = (list: PathProblem[]) => {
    for (const p of list) {
      if (p.at)
        problems.push({
          ...p.at,
          path: p.path.join('.'),
          message: p.message,
          code: p.code ?? 'COMPOSE_INVALID',
        });
      else problem(p.path, p.message, p.code);
    }
  };
  for (const [name, service] of Object.entries(input.services ?? {})) {
    const normalized = normalizeService(name, service, ['services', name], context);
    services[name] = normalized.value;
    report(normalized.problems);
  }
  // In this order: it is the order of the problems in an error.
  const networks = normalizeNetworks(input.networks, source);
  const volumes = normalizeVolumes(input.volumes, source);
  const secrets = normalizeFileObjects('secrets', input.secrets, { projectDir, source });
  const configs = normalizeFileObjects('configs', input.configs, { projectDir, source });
  for (const section of [networks, volumes, secrets, configs]) report(section.problems);

  return {
    model: {
      file,
      services,
      networks: networks.value,
      volumes: volumes.value,
      secrets: secrets.value,
      configs: configs.value,
    },
    problems,
  };
}
