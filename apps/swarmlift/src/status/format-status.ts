import { formatDuration } from '../output/format-duration.js';
import type { StatusReport, StatusReportService } from './status-report.js';

/**
 * `swarmlift status` for people: one aligned row per service (version,
 * digest, tasks, update state), a line under each service that is not ok
 * with why and its last task error, then the lock, the live static release
 * and the last deploy. Old errors of services that run fine are left to
 * `--json`. Pure: `now` (epoch ms) dates the ages.
 */
export function formatStatus(report: StatusReport, now: number): string[] {
  const rows = report.services.map((service) => [
    `${service.name}${service.app ? ' *' : ''}`,
    service.version ?? '-',
    shortDigest(service.digest),
    `${service.running}/${service.desired}${service.ok ? '' : ' ✗'}`,
    updateText(service),
  ]);
  const lines = table([['SERVICE', 'VERSION', 'DIGEST', 'TASKS', 'UPDATE'], ...rows]);
  const out: string[] = [
    report.healthy ? 'every service runs as desired' : `${unhealthyCount(report)} not as desired`,
    lines[0] as string,
  ];
  report.services.forEach((service, index) => {
    out.push(lines[index + 1] as string);
    if (service.ok) return;
    if (service.problem) out.push(`    ✗ ${service.problem}`);
    const error = service.lastError;
    if (error) {
      const where = [
        error.slot !== null ? `slot ${error.slot}` : undefined,
        error.node ? `on ${error.node}` : undefined,
        error.at ? ago(error.at, now) : undefined,
      ].filter(Boolean);
      out.push(`    last error: ${error.error}${where.length ? ` (${where.join(', ')})` : ''}`);
    }
  });
  out.push('');
  const label = (name: string, text: string) => out.push(`${name.padEnd(12)} ${text}`);
  label('lock', lockText(report, now));
  label('static', staticText(report));
  label('last deploy', deployText(report, now));
  for (const problem of report.problems)
    out.push(
      problem.code === 'STATIC_HOSTS_DIFFER'
        ? `! ${problem.message}`
        : `! could not read the ${partName[problem.part]}: ${problem.message}`,
    );
  return out;
}

const partName = { lock: 'lock', static: 'static release', lastDeploy: 'deploy records' } as const;

function unhealthyCount(report: StatusReport): string {
  const bad = report.services.filter((service) => !service.ok).length;
  return `${bad} of ${report.services.length} service${report.services.length === 1 ? '' : 's'}`;
}

/** Swarm's messages that only repeat the state. */
const REPEATS_STATE = /^(update|rollback) (completed|in progress)$/;

function updateText(service: StatusReportService): string {
  if (!service.updateState) return '-';
  const message = service.updateMessage;
  // Swarm's messages repeat the state ("update completed"): show the state alone then.
  return message && !REPEATS_STATE.test(message)
    ? `${service.updateState}: ${message}`
    : service.updateState;
}

function lockText(report: StatusReport, now: number): string {
  const lock = report.lock;
  if (!lock) return report.problems.some((p) => p.part === 'lock') ? '?' : 'free';
  const kind = lock.manual ? 'manual lock' : `${lock.purpose} lock`;
  const message = lock.message ? ` — "${lock.message}"` : '';
  const expiry =
    lock.expiresAt === null
      ? 'until released (swarmlift lock release)'
      : lock.expired
        ? `expired ${ago(lock.expiresAt, now)} (the next deploy takes it over)`
        : `expires ${inTime(lock.expiresAt, now)}`;
  return `${kind} held by ${lock.holder} since ${ago(lock.since, now)}, ${expiry}${message}`;
}

function staticText(report: StatusReport): string {
  if (report.staticHosts.length > 1) {
    const lives = new Set(report.staticHosts.map((h) => h.live));
    if (lives.size === 1 && report.staticHosts[0]?.live) {
      return `release ${report.staticHosts[0].live} live on ${report.staticHosts.length} hosts`;
    }
    return report.staticHosts.map((h) => `${h.host} ${h.live ?? 'none'}`).join(', ');
  }
  const state = report.static;
  if (!state) return report.problems.some((p) => p.part === 'static') ? '?' : 'not configured';
  if (state.layout === 'none') return `nothing at ${state.target} yet`;
  if (state.layout === 'plain') return `${state.target}/static is a plain folder (no releases yet)`;
  const previous = state.previous ? `, previous ${state.previous}` : '';
  return `release ${state.live ?? '?'} live${previous} (${state.releases} kept)`;
}

function deployText(report: StatusReport, now: number): string {
  const deploy = report.lastDeploy;
  if (!deploy) return report.problems.some((p) => p.part === 'lastDeploy') ? '?' : 'none recorded';
  const outcome = deploy.outcome.replace('_', ' ');
  const error = deploy.error ? ` — [${deploy.error.code}] ${firstLine(deploy.error.message)}` : '';
  return `${deploy.kind === 'rollback' ? 'rollback to ' : ''}${deploy.version} ${outcome} ${ago(
    deploy.finishedAt,
    now,
  )} by ${deploy.performer} in ${formatDuration(deploy.durationMs)}${error}`;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}

/** `sha256:7f6e9d1644b0…` → `7f6e9d1644b0`, as `docker images` shortens IDs. */
export function shortDigest(digest: string | null): string {
  if (!digest) return '-';
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, [...cell].length);
    });
  return rows.map((row) =>
    row
      .map((cell, index) =>
        index === row.length - 1
          ? cell
          : cell + ' '.repeat((widths[index] ?? 0) - [...cell].length),
      )
      .join('  ')
      .trimEnd(),
  );
}

/** `2 min ago`, `just now`, `3 h ago`, `2 d ago`; the time itself when it cannot be read. */
export function ago(iso: string, now: number): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const seconds = Math.round((now - ms) / 1000);
  if (seconds < 0) return inTime(iso, now);
  if (seconds < 5) return 'just now';
  return `${span(seconds)} ago`;
}

/** `in 12 min`; `now` once it has passed. */
export function inTime(iso: string, now: number): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const seconds = Math.round((ms - now) / 1000);
  return seconds <= 0 ? 'now' : `in ${span(seconds)}`;
}

function span(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
