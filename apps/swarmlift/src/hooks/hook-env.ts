import type { HookName } from '../settings/hooks-config.js';

/**
 * What a hook inherits from the runner's environment, whatever it holds: the
 * search path, the home folder and who runs it, the temp folder, the time
 * zone and the locale. Nothing else — the runner's environment holds the
 * deploy's secrets (SSH key, registry password, the app's env), so a hook
 * gets a variable only when `hooks.env` names it.
 */
export const INHERITED_NAMES = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TMPDIR',
  'TZ',
  'LANG',
  'LANGUAGE',
] as const;
const INHERITED_PATTERN = /^LC_[A-Z]+$/;

/** How a deploy (or rollback) ended, as hooks see it in SWARMLIFT_STATUS. */
export type HookStatus =
  | 'pending'
  | 'deployed'
  | 'unchanged'
  | 'failed'
  | 'timed_out'
  | 'cancelled';

/** The SWARMLIFT_* variables every hook gets. */
export interface HookVariables {
  hook: HookName;
  /** `deploy` or `rollback`. */
  command: string;
  version: string;
  stack: string;
  /** `pending` for pre-deploy; `deployed`/`unchanged` for post-deploy; `failed`/`timed_out`/`cancelled` for on-failure. */
  status: HookStatus;
  performer: string;
  /** The error's code, for on-failure (e.g. CLI_DEPLOY_NOT_CONVERGED). */
  errorCode?: string | undefined;
}

/**
 * A hook's whole environment: the inherited names (INHERITED_NAMES, LC_*),
 * the names `hooks.env` lists (`missing` says which of them are not set),
 * then the SWARMLIFT_* variables, which nothing overrides.
 */
export function hookEnv(options: {
  env: Readonly<Record<string, string | undefined>>;
  passThrough: readonly string[];
  variables: HookVariables;
}): { env: Record<string, string>; missing: string[] } {
  const { env, passThrough, variables } = options;
  const result: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if ((INHERITED_NAMES as readonly string[]).includes(name) || INHERITED_PATTERN.test(name)) {
      result[name] = value;
    }
  }
  for (const name of passThrough) {
    const value = env[name];
    if (value === undefined) missing.push(name);
    else result[name] = value;
  }
  result.SWARMLIFT_HOOK = variables.hook;
  result.SWARMLIFT_COMMAND = variables.command;
  result.SWARMLIFT_VERSION = variables.version;
  result.SWARMLIFT_STACK = variables.stack;
  result.SWARMLIFT_STATUS = variables.status;
  result.SWARMLIFT_PERFORMER = variables.performer;
  if (variables.errorCode) result.SWARMLIFT_ERROR_CODE = variables.errorCode;
  return { env: result, missing };
}
