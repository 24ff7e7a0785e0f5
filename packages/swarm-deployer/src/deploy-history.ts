import type Docker from 'dockerode';
import type { PlanSummary } from './summarize-plan.js';

/** How a deploy (or a rollback) ended. */
export type DeployOutcome =
  | 'deployed'
  | 'failed'
  | 'rolled_back'
  | 'cancelled'
  | 'timed_out'
  | 'unchanged';

export const deployOutcomes = [
  'deployed',
  'failed',
  'rolled_back',
  'cancelled',
  'timed_out',
  'unchanged',
] as const satisfies readonly DeployOutcome[];

/** One service of the stack as a deploy left it. */
export interface DeployHistoryService {
  /** Full Swarm service name, e.g. `shop_web`. */
  name: string;
  /** Service id. */
  id: string;
  /** What applyPlan did with it (`unchanged` too when nothing was applied). */
  action: 'create' | 'update' | 'unchanged';
  /** Version.Index before the update; absent for create and unchanged. */
  versionBefore?: number | undefined;
  /** Version.Index after the deploy. */
  versionAfter: number;
  /** Image as written in the compose file. */
  image: string;
  /** Pinned digest (`sha256:…`) when resolved. */
  digest?: string | undefined;
  /**
   * The full ServiceSpec as the engine stored it after the apply (image
   * pinned by digest, env values, secret and config references): what a
   * rollback sends back. Absent when it was not read, or dropped to keep the
   * record under the size limit (then the record's `specsDropped` is true).
   */
  spec?: Docker.ServiceSpec | undefined;
}

/**
 * One deploy (or rollback) of a stack, as kept on the manager by
 * `recordDeploy` and read back by `listDeploys`.
 */
export interface DeployHistoryRecord {
  /** Unique and sortable: the engine's time of recording plus a random part, e.g. `20261128T153913253992Z-3fa91c`. */
  id: string;
  stack: string;
  kind: 'deploy' | 'rollback';
  /** The version deployed (the short git SHA). */
  version: string;
  /** The application image reference, e.g. `ghcr.io/acme/shop/django-app:3fa91c2`. */
  image: string;
  /** Its digest (`sha256:…`), when known. */
  digest?: string | undefined;
  outcome: DeployOutcome;
  /** Who deployed: the CI run's URL, or `user@host`. */
  performer: string;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601. */
  finishedAt: string;
  durationMs: number;
  services: DeployHistoryService[];
  /** Full names of services removed by prune. */
  removedServices: string[];
  /** The static release this deploy switched to (its name or path). */
  staticRelease?: string | undefined;
  /** The static release that was live before. */
  previousStaticRelease?: string | undefined;
  /** The plan's counts per kind and action; absent when no plan was made. */
  plan?: PlanSummary | undefined;
  /** Migrations applied by this deploy, e.g. `polls.0002_question_slug`. */
  migrations: string[];
  /** Set when the deploy did not succeed; the message must not hold a secret (redact it first). */
  error?: { code: string; message: string } | undefined;
  /** For a rollback: the record it restored. */
  rolledBackTo?: { id: string; version: string } | undefined;
  /** True when the service specs were left out to stay under the config size limit. */
  specsDropped?: boolean | undefined;
}

/** What `recordDeploy` takes: a record before it is stored (the id is given when storing). */
export type NewDeployRecord = Omit<DeployHistoryRecord, 'id' | 'specsDropped'>;

/** The current storage format of a record (the `format` field of the stored JSON). */
export const DEPLOY_RECORD_FORMAT = 1;
