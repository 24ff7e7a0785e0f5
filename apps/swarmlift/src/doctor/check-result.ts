/** The checks of `swarmlift doctor`, in the order their lines are printed. */
export const checkIds = [
  'settings',
  'ssh',
  'engine',
  'registry',
  'registry-pull',
  'compose',
  'static-target',
  'database',
] as const;
export type CheckId = (typeof checkIds)[number];

/** What each check checks, for its line. */
export const checkTitles: Record<CheckId, string> = {
  settings: 'settings complete',
  ssh: 'SSH reachable, host key pinned and matching',
  engine: 'a swarm manager whose engine the user may use',
  registry: 'the registry accepts the credentials',
  'registry-pull': "the manager's engine can pull from the registry",
  compose: 'the compose file loads and every variable it interpolates is set',
  'static-target': 'STATIC_TARGET writable',
  database: 'the database answers from the stack network',
};

/** What one check found: passed, failed (with what to do), or skipped (a check it needs did not pass). */
export interface CheckResult {
  id: CheckId;
  /** What is checked, for the line: `SSH reachable, host key pinned and matching`. */
  title: string;
  status: 'ok' | 'failed' | 'skipped';
  /** What was found; names settings, never their values. */
  message: string;
  /** What to do about a failure (or a skip). */
  hint?: string | undefined;
}

/** A check's own verdict, before the runner adds its id and title. */
export type Verdict = Pick<CheckResult, 'status' | 'message' | 'hint'>;

export const pass = (message: string): Verdict => ({ status: 'ok', message });
export const fail = (message: string, hint: string): Verdict => ({
  status: 'failed',
  message,
  hint,
});
export const skip = (message: string, hint?: string): Verdict => ({
  status: 'skipped',
  message,
  ...(hint ? { hint } : {}),
});

/** The `--json` form of a result: `ok` for scripts, `status` to tell a skip from a failure. */
export function checkJson(result: CheckResult): {
  id: CheckId;
  ok: boolean;
  status: CheckResult['status'];
  title: string;
  message: string;
  hint?: string;
} {
  return {
    id: result.id,
    ok: result.status === 'ok',
    status: result.status,
    title: result.title,
    message: result.message,
    ...(result.hint ? { hint: result.hint } : {}),
  };
}
