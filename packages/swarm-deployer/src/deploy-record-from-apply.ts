import type {
  DeployHistoryRecord,
  DeployHistoryService,
  DeployOutcome,
  NewDeployRecord,
} from './deploy-history.js';
import type { DeployRecord } from './deploy-record.js';
import type { Plan } from './plan.js';
import type { ServiceSpecs } from './read-service-specs.js';
import { type PlanSummary, summarizePlan } from './summarize-plan.js';

export interface DeployRecordFromApplyOptions {
  stack: string;
  /** What applyPlan returned; absent when nothing was applied (no changes, or a failure before the apply). */
  apply?: DeployRecord | undefined;
  /**
   * What readServiceSpecs returned right after the apply (before waiting:
   * a Swarm rollback would change the specs). Gives each service its full
   * spec; without `apply`, its services are the record's (as `unchanged`).
   */
  specs?: ServiceSpecs | undefined;
  /** The plan, or its summary. */
  plan?: Plan | PlanSummary | undefined;
  kind?: DeployHistoryRecord['kind'] | undefined;
  version: string;
  image: string;
  digest?: string | undefined;
  outcome: DeployOutcome;
  performer: string;
  /** When the whole run started (the pipeline's start, not the apply's). */
  startedAt: Date | string;
  finishedAt: Date | string;
  staticRelease?: string | undefined;
  previousStaticRelease?: string | undefined;
  migrations?: readonly string[] | undefined;
  /** Redact the message first: it is stored as given. */
  error?: { code: string; message: string } | undefined;
  rolledBackTo?: { id: string; version: string } | undefined;
}

/**
 * Builds the record `recordDeploy` stores from what applyPlan returned, the
 * specs read back after it, and the run's own facts. Pure: it reads neither
 * the engine nor the clock.
 */
export function deployRecordFromApply(options: DeployRecordFromApplyOptions): NewDeployRecord {
  const startedAt = iso(options.startedAt);
  const finishedAt = iso(options.finishedAt);
  const specs = options.specs?.services ?? [];
  const byId = new Map(specs.map((entry) => [entry.id, entry]));
  const byName = new Map(specs.map((entry) => [entry.name, entry]));
  let services: DeployHistoryService[];
  if (options.apply) {
    services = options.apply.services.map((deployed) => {
      const read = byId.get(deployed.id) ?? byName.get(deployed.name);
      return compact({
        name: deployed.name,
        id: deployed.id,
        action: deployed.action,
        versionBefore: deployed.versionBefore,
        versionAfter: read?.version ?? deployed.versionAfter,
        image: deployed.image,
        digest: deployed.digest,
        spec: read?.spec,
      });
    });
  } else {
    services = specs.map((entry) =>
      compact({
        name: entry.name,
        id: entry.id,
        action: 'unchanged' as const,
        versionAfter: entry.version,
        image: entry.image,
        digest: entry.digest,
        spec: entry.spec,
      }),
    );
  }
  const plan =
    options.plan === undefined
      ? undefined
      : 'services' in options.plan && Array.isArray(options.plan.services)
        ? summarizePlan(options.plan as Plan)
        : (options.plan as PlanSummary);
  return compact({
    stack: options.stack,
    kind: options.kind ?? 'deploy',
    version: options.version,
    image: options.image,
    digest: options.digest,
    outcome: options.outcome,
    performer: options.performer,
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    services,
    removedServices: [...(options.apply?.removedServices ?? [])],
    staticRelease: options.staticRelease,
    previousStaticRelease: options.previousStaticRelease,
    plan,
    migrations: [...(options.migrations ?? [])],
    error: options.error ? { code: options.error.code, message: options.error.message } : undefined,
    rolledBackTo: options.rolledBackTo,
  });
}

function iso(time: Date | string): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  return Number.isFinite(date.getTime()) ? date.toISOString() : String(time);
}

/** The object without its undefined fields (so the stored JSON and equality checks stay clean). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
