import { LOCK_NEVER_EXPIRES, type StackLockInfo } from '@swarmlift/remote';
import type { ServiceStatus, StackStatus } from '@swarmlift/stack-waiter';
import type { StaticState } from '@swarmlift/static-sync';
import type { DeployHistoryRecord } from '@swarmlift/swarm-deployer';
import { liveMismatch } from '../pipeline/static-hosts.js';

/** The version of the `status --json` document's shape; raised only when a key changes meaning or goes. */
export const STATUS_REPORT_FORMAT = 1;

/**
 * `swarmlift status --json`: the `data` of the one summary line. Every key
 * is always present (`null` when there is nothing), so scripts can rely on
 * the shape; README "status --json" documents it.
 */
export interface StatusReport {
  format: typeof STATUS_REPORT_FORMAT;
  stack: string;
  /** Every service runs as desired and no update is in progress, paused or rolling back: exit 0. */
  healthy: boolean;
  services: StatusReportService[];
  lock: StatusReportLock | null;
  static: StatusReportStatic | null;
  /**
   * With STATIC_HOSTS: each host's static state (`static` is the first's); empty when the
   * manager serves the static files. Hosts that differ are a `STATIC_HOSTS_DIFFER` problem.
   */
  staticHosts: StatusReportStaticHost[];
  lastDeploy: StatusReportDeploy | null;
  /**
   * Parts that could not be read (lock, static, lastDeploy), and static hosts that serve
   * different releases (code `STATIC_HOSTS_DIFFER`); they do not change `healthy`.
   */
  problems: StatusReportProblem[];
}

export interface StatusReportService {
  /** As the compose file names it (`django`). */
  name: string;
  /** As Swarm names it (`shop_django`). */
  fullName: string;
  /** Whether it is APP_SERVICE. */
  app: boolean;
  mode: ServiceStatus['mode'];
  /** The image without digest, `registry/name:tag`. */
  image: string;
  /** The image's tag: the version deployed. */
  version: string | null;
  digest: string | null;
  running: number;
  desired: number;
  updateState: string | null;
  updateMessage: string | null;
  lastError: {
    taskId: string;
    slot: number | null;
    node: string | null;
    state: string;
    error: string;
    exitCode: number | null;
    at: string | null;
  } | null;
  ok: boolean;
  /** Why not ok (`0/1 running`, `update paused: …`); null when ok. */
  problem: string | null;
}

export interface StatusReportLock {
  holder: string;
  purpose: string;
  since: string;
  /** When the next deploy may take it over; null for a manual lock (held until released). */
  expiresAt: string | null;
  expired: boolean;
  /** Taken by hand (`swarmlift lock acquire`): deploys wait for its release, never take it over. */
  manual: boolean;
  /** The manual lock's message, if any. */
  message: string | null;
}

export interface StatusReportStatic {
  target: string;
  /** The release `static` points at now. */
  live: string | null;
  /** The release a static rollback would go back to. */
  previous: string | null;
  releases: number;
  layout: StaticState['layout'];
}

export interface StatusReportStaticHost extends StatusReportStatic {
  /** `deploy@198.18.0.4:22`. */
  host: string;
}

export interface StatusReportDeploy {
  id: string;
  kind: DeployHistoryRecord['kind'];
  version: string;
  outcome: DeployHistoryRecord['outcome'];
  performer: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  error: { code: string; message: string } | null;
}

export interface StatusReportProblem {
  part: 'lock' | 'static' | 'lastDeploy';
  code: string | null;
  message: string;
}

/** A part read in parallel with the services: its value, or why it could not be read. */
export type PartResult<T> = { ok: true; value: T } | { ok: false; code?: string; message: string };

export interface StatusInput {
  stack: StackStatus;
  appService: string;
  lock: PartResult<StackLockInfo | undefined>;
  /** Undefined: STATIC_TARGET is not known, so not read. */
  static: PartResult<{ target: string; state: StaticState }> | undefined;
  /** With STATIC_HOSTS: each host's state (then `static` is ignored); undefined: the manager's is `static`. */
  staticHosts?: { host: string; target: string; result: PartResult<StaticState> }[] | undefined;
  deploys: PartResult<readonly DeployHistoryRecord[]>;
}

/** The status document from what was read. Pure. */
export function buildStatusReport(input: StatusInput): StatusReport {
  const problems: StatusReportProblem[] = [];
  const part = <T, R>(
    name: StatusReportProblem['part'],
    result: PartResult<T> | undefined,
    map: (value: T) => R | null,
  ): R | null => {
    if (!result) return null;
    if (result.ok) return map(result.value);
    problems.push({ part: name, code: result.code ?? null, message: result.message });
    return null;
  };
  const prefix = `${input.stack.stack}_`;
  const services = input.stack.services.map((service): StatusReportService => {
    const name = service.name.startsWith(prefix) ? service.name.slice(prefix.length) : service.name;
    const error = service.lastError;
    return {
      name,
      fullName: service.name,
      app: name === input.appService || service.name === input.appService,
      mode: service.mode,
      image: service.image,
      version: service.version ?? null,
      digest: service.digest ?? null,
      running: service.running,
      desired: service.desired,
      updateState: service.updateState ?? null,
      updateMessage: service.updateMessage ?? null,
      lastError: error
        ? {
            taskId: error.taskId,
            slot: error.slot ?? null,
            node: error.node ?? null,
            state: error.state,
            error: error.error,
            exitCode: error.exitCode ?? null,
            at: error.at ?? null,
          }
        : null,
      ok: service.ok,
      problem: service.problem ?? null,
    };
  });
  const staticOf = (target: string, state: StaticState): StatusReportStatic => ({
    target,
    live: state.live ?? null,
    previous: state.previous ?? null,
    releases: state.releases.length,
    layout: state.layout,
  });
  const lock = part('lock', input.lock, (info) => (info ? lockOf(info) : null));
  const staticHosts: StatusReportStaticHost[] = [];
  for (const one of input.staticHosts ?? []) {
    if (one.result.ok)
      staticHosts.push({ host: one.host, ...staticOf(one.target, one.result.value) });
    else
      problems.push({
        part: 'static',
        code: one.result.code ?? null,
        message: `on ${one.host}: ${one.result.message}`,
      });
  }
  const mismatch = liveMismatch(
    staticHosts.map((h) => ({ host: h.host, live: h.live ?? undefined })),
  );
  if (mismatch) problems.push({ part: 'static', code: 'STATIC_HOSTS_DIFFER', message: mismatch });
  return {
    format: STATUS_REPORT_FORMAT,
    stack: input.stack.stack,
    healthy: input.stack.ok,
    services,
    lock,
    static: input.staticHosts
      ? staticHosts[0]
        ? withoutHost(staticHosts[0])
        : null
      : part('static', input.static, ({ target, state }) => staticOf(target, state)),
    staticHosts,
    lastDeploy: part('lastDeploy', input.deploys, (records) => {
      const last = records[0];
      return last ? deployOf(last) : null;
    }),
    problems,
  };
}

function withoutHost({ host: _host, ...rest }: StatusReportStaticHost): StatusReportStatic {
  return rest;
}

function lockOf(info: StackLockInfo): StatusReportLock {
  const manual = info.kind === 'manual';
  return {
    holder: info.owner,
    purpose: info.purpose,
    since: info.since,
    expiresAt: manual || info.expiresAt === LOCK_NEVER_EXPIRES ? null : info.expiresAt,
    expired: info.expired,
    manual,
    message: info.message ? info.message : null,
  };
}

function deployOf(record: DeployHistoryRecord): StatusReportDeploy {
  return {
    id: record.id,
    kind: record.kind,
    version: record.version,
    outcome: record.outcome,
    performer: record.performer,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    durationMs: record.durationMs,
    error: record.error ? { code: record.error.code, message: record.error.message } : null,
  };
}
