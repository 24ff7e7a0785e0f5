import { formatDuration } from '../output/format-duration.js';
import type { HookName } from '../settings/hooks-config.js';
import type { HookProcessResult } from './run-hook-process.js';

export interface HookVerdict {
  ok: boolean;
  /** `failed`, `timed_out`, `cancelled` or `ok`. */
  outcome: 'ok' | 'failed' | 'timed_out' | 'cancelled';
  /** One line: `pre-deploy hook exited with 3 after 0.4 s`. */
  summary: string;
}

/** What a finished hook process means, in one line. */
export function judgeHook(
  name: HookName,
  result: HookProcessResult,
  timeoutMs: number,
): HookVerdict {
  const after = formatDuration(result.durationMs);
  if (result.spawnError !== undefined) {
    return {
      ok: false,
      outcome: 'failed',
      summary: `${name} hook could not start: ${result.spawnError}`,
    };
  }
  if (result.cancelled) {
    return {
      ok: false,
      outcome: 'cancelled',
      summary: `${name} hook was stopped (cancelled) after ${after}`,
    };
  }
  if (result.timedOut) {
    return {
      ok: false,
      outcome: 'timed_out',
      summary: `${name} hook ran past its time limit of ${formatDuration(timeoutMs)} (hooks.timeout) and was killed`,
    };
  }
  if (result.exitCode === 0) {
    return { ok: true, outcome: 'ok', summary: `${name} hook finished in ${after}` };
  }
  const how =
    result.exitCode === null
      ? `was killed by ${result.signal ?? 'a signal'}`
      : `exited with ${result.exitCode}`;
  return { ok: false, outcome: 'failed', summary: `${name} hook ${how} after ${after}` };
}
