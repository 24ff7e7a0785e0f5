import { type SettingName, settings } from 'swarmlift';
import { actionInputs } from './action-inputs.js';

/** Settings the `env` input may set: the app's variables (written to the env file). */
const APP_SETTINGS = new Set<string>(
  settings.filter((s) => s.group === 'app' && s.name !== 'ENV_KEYS').map((s) => s.name),
);
const ALL_SETTINGS = new Set<string>(settings.map((s) => s.name));
/**
 * Names the runner and the CLI's process depend on: a line of `env` may not
 * replace them (its values become the CLI's environment before the env file).
 */
const RESERVED = /^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|SWARMLIFT_)|^(CI|PATH|HOME|NODE_OPTIONS)$/;

export interface CliEnvInput {
  /** The environment the action runs in (the step's `env:` and the runner's variables). */
  processEnv: Readonly<Record<string, string | undefined>>;
  /** Input name → value, as read (an empty value = not given). */
  inputs: Readonly<Record<string, string>>;
  /** The `env` input's variables. */
  appEnv: ReadonlyMap<string, string>;
}

export interface CliEnvResult {
  env: Record<string, string>;
  /** The command line: never a secret (argv is visible to every process on the machine). */
  argv: string[];
  problems: string[];
}

/**
 * The CLI's environment and arguments for `swarmlift deploy`: the action's
 * environment without the INPUT_* variables (they hold secrets the CLI does
 * not need twice), each given input as its setting's variable (an input wins
 * over the same variable in the step's `env:`), and the `env` input's lines;
 * keys of it that are not settings are added to ENV_KEYS so they reach the
 * env file. A line of `env` that names another setting is a problem (use its
 * input), as is ENV_KEYS itself and a name the runner's process depends on
 * (PATH, HOME, CI, NODE_OPTIONS, GITHUB_*, RUNNER_*, ACTIONS_*, INPUT_*,
 * SWARMLIFT_*).
 */
export function buildCliEnv({ processEnv, inputs, appEnv }: CliEnvInput): CliEnvResult {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(processEnv)) {
    if (value === undefined || key.toUpperCase().startsWith('INPUT_')) continue;
    env[key] = value;
  }
  const problems: string[] = [];
  for (const input of actionInputs) {
    const value = inputs[input.name];
    if (input.setting !== undefined && value !== undefined && value !== '')
      env[input.setting] = value;
  }

  const extraKeys: string[] = [];
  for (const [key, value] of appEnv) {
    if (key === 'ENV_KEYS') {
      problems.push(
        'env: ENV_KEYS is derived from the keys of `env` that are not settings; leave it out',
      );
      continue;
    }
    if (RESERVED.test(key) && !ALL_SETTINGS.has(key)) {
      problems.push(
        `env: ${key} belongs to the runner or the action's own process; give the app another name for it`,
      );
      continue;
    }
    if (ALL_SETTINGS.has(key) && !APP_SETTINGS.has(key)) {
      const input = actionInputs.find((candidate) => candidate.setting === key);
      problems.push(
        `env: ${key} is a setting of its own, not an app variable: ${
          input ? `use the \`${input.name}\` input` : 'the runner sets it'
        }`,
      );
      continue;
    }
    env[key] = value;
    if (!APP_SETTINGS.has(key)) extraKeys.push(key);
  }
  if (extraKeys.length > 0) {
    const given = (env.ENV_KEYS ?? '').split(/[\s,]+/).filter(Boolean);
    env.ENV_KEYS = [...new Set([...given, ...extraKeys])].join(',');
  }

  const argv = ['deploy'];
  const cwd = inputs['working-directory'];
  if (cwd) argv.push('--cwd', cwd);
  const config = inputs.config;
  if (config) argv.push('--config', config);
  return { env, argv, problems };
}

/** The values of secret settings among the inputs and the `env` input. */
export function secretSettingValues(
  inputs: Readonly<Record<string, string>>,
  appEnv: ReadonlyMap<string, string>,
): string[] {
  const values: string[] = [];
  for (const setting of settings) {
    if (!setting.secret) continue;
    const input = actionInputs.find((candidate) => candidate.setting === setting.name);
    const fromInput = input ? inputs[input.name] : undefined;
    if (fromInput) values.push(fromInput);
    const fromEnv = appEnv.get(setting.name satisfies SettingName);
    if (fromEnv) values.push(fromEnv);
  }
  return values;
}
