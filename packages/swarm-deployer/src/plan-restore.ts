import type Docker from 'dockerode';
import type { DeployHistoryRecord } from './deploy-history.js';
import { diffSpec } from './diff-spec.js';
import type { PlanProblem } from './errors.js';
import { normalizeSpec } from './normalize-spec.js';
import type { Plan, ServicePlan } from './plan.js';
import type { ServiceSpecEntry } from './read-service-specs.js';

/** What the swarm has now, as planRestore needs it (restoreDeploy reads it). */
export interface RestoreCurrentState {
  /** The stack's services with their specs and versions (readServiceSpecs). */
  services: readonly ServiceSpecEntry[];
  /** Ids and names of the networks, secrets and configs on the engine. */
  networks: readonly { id: string; name: string }[];
  secrets: readonly { id: string; name: string }[];
  configs: readonly { id: string; name: string }[];
}

export type PlanRestoreResult =
  | { ok: true; plan: Plan }
  /** The record cannot be restored; nothing should be changed. */
  | { ok: false; reason: 'specs_missing'; services: string[] }
  | { ok: false; reason: 'references_missing'; problems: PlanProblem[] };

/**
 * The plan that puts a stack back to a deploy record: each recorded service
 * is updated to its recorded spec against its current Version.Index (or
 * created when it is gone, or left when it already runs that spec), and the
 * stack's services the record does not have are removed — what a deploy of
 * that record would do. Networks, secrets and configs are never created:
 * the recorded specs refer to them by id, so each must still exist (else a
 * `references_missing` answer, with one problem each). Pure.
 */
export function planRestore(input: {
  record: Pick<DeployHistoryRecord, 'stack' | 'services' | 'specsDropped'>;
  current: RestoreCurrentState;
  /** ISO time for `plannedAt`. */
  plannedAt: string;
  /** The engine's API version: fields it does not store are not compared. */
  apiVersion?: string | undefined;
}): PlanRestoreResult {
  const { record, current } = input;
  const noSpec = record.services.filter((service) => !service.spec).map((s) => s.name);
  if (record.specsDropped || noSpec.length > 0 || record.services.length === 0)
    return {
      ok: false,
      reason: 'specs_missing',
      services: noSpec.length > 0 ? noSpec : record.services.map((s) => s.name),
    };

  const problems = missingReferences(record.services, current);
  if (problems.length > 0) return { ok: false, reason: 'references_missing', problems };

  const networkNames = new Map(current.networks.map((n) => [n.id, n.name]));
  const normalize = { networkNames, apiVersion: input.apiVersion };
  const byName = new Map(current.services.map((entry) => [entry.name, entry]));
  const wanted = new Set(record.services.map((service) => service.name));
  const services: ServicePlan[] = [];

  for (const recorded of record.services) {
    const spec = structuredClone(recorded.spec) as Docker.ServiceSpec;
    const existing = byName.get(recorded.name);
    const deployImage = imageOf(spec);
    const digest = /@(sha256:[0-9a-f]{64})$/.exec(deployImage)?.[1];
    const base = {
      key: keyOf(record.stack, recorded.name),
      name: recorded.name,
      image: recorded.image,
      deployImage,
      resolved: false,
      ...(digest ? { digest } : {}),
    };
    if (!existing) {
      const template = spec.TaskTemplate as { ForceUpdate?: number } | undefined;
      if (template) delete template.ForceUpdate;
      services.push(withSpec({ ...base, action: 'create', changes: [] }, spec));
      continue;
    }
    // The counter only moves forward: keep the running one, so restoring forces nothing extra.
    const template = (spec.TaskTemplate ?? {}) as { ForceUpdate?: number };
    template.ForceUpdate =
      (existing.spec.TaskTemplate as { ForceUpdate?: number } | undefined)?.ForceUpdate ?? 0;
    spec.TaskTemplate = template as Docker.ServiceSpec['TaskTemplate'];
    const changes = diffSpec(
      normalizeSpec(existing.spec, normalize),
      normalizeSpec(spec, normalize),
    );
    const known = { id: existing.id, version: existing.version };
    services.push(
      withSpec(
        changes.length > 0
          ? { ...base, ...known, action: 'update', changes }
          : { ...base, ...known, action: 'unchanged', changes: [] },
        spec,
      ),
    );
  }
  for (const entry of current.services) {
    if (wanted.has(entry.name)) continue;
    const digest = entry.digest;
    services.push({
      key: keyOf(record.stack, entry.name),
      name: entry.name,
      image: entry.image,
      deployImage: imageOf(entry.spec),
      resolved: false,
      ...(digest ? { digest } : {}),
      changes: [],
      action: 'remove',
      id: entry.id,
      version: entry.version,
    });
  }
  services.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    ok: true,
    plan: {
      stack: record.stack,
      plannedAt: input.plannedAt,
      resolveImage: 'never',
      prune: true,
      networks: [],
      secrets: [],
      configs: [],
      services,
      warnings: [],
      unchanged: services.every((service) => service.action === 'unchanged'),
    },
  };
}

/** Each network, secret or config a recorded spec refers to that the engine no longer has. */
function missingReferences(
  services: DeployHistoryRecord['services'],
  current: RestoreCurrentState,
): PlanProblem[] {
  const has = (list: readonly { id: string; name: string }[], id?: string, name?: string) =>
    list.some(
      (item) => (id !== undefined && item.id === id) || (id === undefined && item.name === name),
    );
  const problems: PlanProblem[] = [];
  const seen = new Set<string>();
  const add = (key: string, problem: PlanProblem) => {
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(problem);
  };
  for (const service of services) {
    const template = service.spec?.TaskTemplate as
      | {
          Networks?: { Target?: string }[];
          ContainerSpec?: {
            Secrets?: { SecretID?: string; SecretName?: string }[];
            Configs?: { ConfigID?: string; ConfigName?: string }[];
          };
        }
      | undefined;
    const networks = [
      ...(template?.Networks ?? []),
      ...((service.spec as { Networks?: { Target?: string }[] } | undefined)?.Networks ?? []),
    ];
    for (const network of networks) {
      const target = network.Target;
      if (!target) continue;
      if (current.networks.some((n) => n.id === target || n.name === target)) continue;
      add(`network:${target}`, {
        code: 'DEPLOY_NETWORK_NOT_FOUND',
        message: `Network ${target}, which ${service.name} was attached to, no longer exists`,
        hint: 'Deploy that version again from its commit instead (it recreates the networks), or create the network first.',
      });
    }
    for (const secret of template?.ContainerSpec?.Secrets ?? []) {
      if (has(current.secrets, secret.SecretID, secret.SecretName)) continue;
      add(`secret:${secret.SecretID ?? secret.SecretName}`, {
        code: 'DEPLOY_SECRET_NOT_FOUND',
        message: `Secret ${secret.SecretName ?? secret.SecretID}, which ${service.name} used, no longer exists (a later deploy removed that version)`,
        hint: 'Deploy that version again from its commit instead: that creates its secrets again.',
      });
    }
    for (const config of template?.ContainerSpec?.Configs ?? []) {
      if (has(current.configs, config.ConfigID, config.ConfigName)) continue;
      add(`config:${config.ConfigID ?? config.ConfigName}`, {
        code: 'DEPLOY_CONFIG_NOT_FOUND',
        message: `Config ${config.ConfigName ?? config.ConfigID}, which ${service.name} used, no longer exists (a later deploy removed that version)`,
        hint: 'Deploy that version again from its commit instead: that creates its configs again.',
      });
    }
  }
  return problems;
}

function imageOf(spec: Docker.ServiceSpec | undefined): string {
  return (spec?.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.ContainerSpec?.Image ?? '';
}

function keyOf(stack: string, name: string): string {
  return name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name;
}

/** The spec is kept non-enumerable, as planStack does: printing a plan never shows env values. */
function withSpec<P extends object>(plan: P, spec: Docker.ServiceSpec): ServicePlan {
  Object.defineProperty(plan, 'spec', { value: spec, enumerable: false });
  return plan as unknown as ServicePlan;
}
