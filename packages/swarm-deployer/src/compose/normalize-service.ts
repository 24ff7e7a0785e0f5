// One service of a validated compose file → the CLI's typed ServiceConfig,
// composed of one pure step per section (normalize-*.ts): short syntaxes
// parsed, durations and sizes converted, env files merged into environment as
// the CLI's resolveEnvironment does, bind-mount paths made absolute. Problems
// come back in a fixed order (that of the steps below), located by path.
import type { SourceLocation } from '../stack.js';
import type { ReferenceLocation, ServiceModel } from './compose-model.js';
import type { ServiceInput } from './compose-schema.js';
import { durationField } from './field-values.js';
import type { Lookup } from './interpolate.js';
import { normalizeCommand } from './normalize-command.js';
import { normalizeDeploy } from './normalize-deploy.js';
import { normalizeDeployMode } from './normalize-deploy-mode.js';
import { type EnvFileContent, normalizeEnvironment } from './normalize-environment.js';
import { normalizeExtraHosts } from './normalize-extra-hosts.js';
import { normalizeFileReferences } from './normalize-file-references.js';
import { normalizeHealthcheck } from './normalize-healthcheck.js';
import { normalizeLegacyRestart } from './normalize-legacy-restart.js';
import { normalizeLogging } from './normalize-logging.js';
import { normalizePorts } from './normalize-ports.js';
import { normalizeServiceNetworks } from './normalize-service-networks.js';
import { normalizeServiceVolumes } from './normalize-service-volumes.js';
import { normalizeUlimits } from './normalize-ulimits.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';
import { serviceReferences } from './service-references.js';
import { mapping } from './to-mapping.js';

export interface NormalizeServiceContext {
  /** Relative env_file and bind-mount paths start here. */
  projectDir: string;
  lookup: Lookup;
  /** Content of every env file the service names, by absolute path (see envFileReferences). */
  envFiles: ReadonlyMap<string, EnvFileContent>;
  /** Where a path is in the compose file. */
  source(path: Path): SourceLocation;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export function normalizeService(
  name: string,
  s: ServiceInput,
  at: Path,
  context: NormalizeServiceContext,
): Normalized<ServiceModel> {
  const { projectDir, lookup, source } = context;
  const d = s.deploy ?? {};
  // In this order: it is the order of the problems in an error.
  const environment = normalizeEnvironment(s, at, context);
  const ports = normalizePorts(s.ports, at);
  const volumes = normalizeServiceVolumes(s.volumes, at, { projectDir, home: lookup('HOME') });
  const healthcheck = normalizeHealthcheck(s.healthcheck, at);
  const mode = normalizeDeployMode(d, at);
  const command = normalizeCommand(s.command, [...at, 'command']);
  const entrypoint = normalizeCommand(s.entrypoint, [...at, 'entrypoint']);
  const stopGraceProblems: PathProblem[] = [];
  const stopGracePeriod = durationField(
    s.stop_grace_period,
    [...at, 'stop_grace_period'],
    stopGraceProblems,
  );
  const deploy = normalizeDeploy(d, at);

  const references: Record<string, ReferenceLocation> = {};
  for (const [key, path] of Object.entries(serviceReferences(s, volumes.value, at)))
    references[key] = { path: path.join('.'), source: source(path) };

  return {
    value: {
      name,
      source: source(at),
      references,
      image: s.image,
      command: command.value,
      entrypoint: entrypoint.value,
      environment: environment.value,
      labels: mapping(s.labels, '=', false) as Record<string, string>,
      ports: ports.value,
      networks: normalizeServiceNetworks(s.networks),
      volumes: volumes.value.volumes,
      secrets: normalizeFileReferences(s.secrets),
      configs: normalizeFileReferences(s.configs),
      healthcheck: healthcheck.value,
      user: s.user,
      working_dir: s.working_dir,
      hostname: s.hostname,
      extra_hosts: normalizeExtraHosts(s.extra_hosts),
      dns: list(s.dns),
      dns_search: list(s.dns_search),
      cap_add: s.cap_add ?? [],
      cap_drop: s.cap_drop ?? [],
      init: s.init,
      logging: normalizeLogging(s.logging),
      stop_grace_period: stopGracePeriod,
      stop_signal: s.stop_signal,
      sysctls: mapping(s.sysctls, '=', false) as Record<string, string>,
      ulimits: normalizeUlimits(s.ulimits),
      tty: s.tty,
      stdin_open: s.stdin_open,
      read_only: s.read_only,
      restart: normalizeLegacyRestart(s.restart),
      deploy: { ...mode.value, ...deploy.value },
    },
    problems: [
      ...environment.problems,
      ...ports.problems,
      ...volumes.problems,
      ...healthcheck.problems,
      ...mode.problems,
      ...command.problems,
      ...entrypoint.problems,
      ...stopGraceProblems,
      ...deploy.problems,
    ],
  };
}
