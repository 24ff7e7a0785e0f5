/** The one warning shape of every package: a stable code, a readable message, and context fields. */
export interface WarningEvent {
  type: 'warning';
  code: string;
  message: string;
  stack?: string | undefined;
  service?: string | undefined;
}

/**
 * A Swarm task reached a new state. One shape for every package that follows
 * tasks (stack-waiter's wait, migrator's one-off job).
 */
export interface TaskStateEvent {
  type: 'task_state';
  stack?: string | undefined;
  /** The service's full name. */
  service: string;
  taskId: string;
  /** Replica slot (replicated services; a job's task has slot 1 or none). */
  slot?: number | undefined;
  /** Host name of the node the task runs on, when known. */
  node?: string | undefined;
  /** Observed state: `new`, `pending`, `preparing`, `starting`, `running`, `complete`, `failed`, `rejected`, `shutdown`, … */
  state: string;
  /** The state Swarm wants the task in (`running`, `shutdown`, `complete`). */
  desiredState: string;
  /** The task status message (`Status.Message`). */
  message?: string | undefined;
  /** The task error (`Status.Err`). */
  error?: string | undefined;
  /** The container's exit code, once the task ended. */
  exitCode?: number | undefined;
  /** Swarm's timestamp of this state (ISO 8601), when known. */
  at?: string | undefined;
}

/** A progress callback; packages never print, they report through this. */
export type OnEvent<E> = (event: E) => void;

/** `850 ms`, `1.2 s`, `42 s`, `2 min 05 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '? ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** `512 B`, `3.4 kB`, `12.0 MB`: powers of 1000, as registries and `docker images` print sizes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '? B';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** `warning [CODE] service web: message`, one line. */
export function formatWarning(event: WarningEvent): string {
  const where = event.service
    ? ` service ${event.service}:`
    : event.stack
      ? ` stack ${event.stack}:`
      : '';
  return `warning [${event.code}]${where} ${firstLine(event.message)}`;
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text : `${text.slice(0, newline)} …`;
}
