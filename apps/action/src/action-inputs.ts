import { type SettingName, settings } from 'swarmlift';

/** One input of action.yml. */
export interface ActionInput {
  /** The input's name in a workflow (`with: stack-name: …`). */
  name: string;
  /** The setting it sets (an environment variable of the CLI), or undefined for the action's own inputs. */
  setting?: SettingName;
  /** A secret: masked before anything else is printed. */
  secret: boolean;
  description: string;
}

/**
 * Settings without an input of their own, and why. Every other setting has
 * an input named after it (`SWARM_MANAGER_IP` → `swarm-manager-ip`).
 */
export const settingsWithoutInput: Readonly<Partial<Record<SettingName, string>>> = {
  GITHUB_SHA: 'the runner sets it for the commit being built',
  SECRET_KEY: 'an app variable: a line of the `env` input',
  DEBUG: 'an app variable: a line of the `env` input',
  DB_NAME: 'an app variable: a line of the `env` input',
  DB_USER: 'an app variable: a line of the `env` input',
  DB_PASSWORD: 'an app variable: a line of the `env` input',
  DB_HOST: 'an app variable: a line of the `env` input',
  DB_PORT: 'an app variable: a line of the `env` input',
  REDIS_URI: 'an app variable: a line of the `env` input',
  ENV_KEYS: 'derived: the keys of the `env` input that are not settings',
};

/** A setting's input name: lower case, `_` → `-`. */
export function inputNameOf(setting: SettingName): string {
  return setting.toLowerCase().replace(/_/g, '-');
}

/** The inputs that are not settings. */
export const ownInputs: readonly ActionInput[] = [
  {
    name: 'env',
    secret: false,
    description:
      "The app's variables, written to the stack's env file: one KEY=VALUE per line (SECRET_KEY, DEBUG, DB_NAME, DB_USER, DB_PASSWORD, DB_HOST, DB_PORT, REDIS_URI and any other; KEY<<EOF … EOF for a multi-line value; # comments and blank lines are ignored). Values of secret settings and of keys that look secret (…SECRET…, …PASSWORD…, …TOKEN…, …_KEY, …) are masked before anything is printed.",
  },
  {
    name: 'working-directory',
    secret: false,
    description:
      'The repository root to deploy from (where deployment/ and swarmlift.config.* are), relative to the workspace. Default: the workspace.',
  },
  {
    name: 'config',
    secret: false,
    description:
      'The swarmlift config file. Default: swarmlift.config.json, .yaml or .yml in working-directory, if any.',
  },
];

/** Every input of action.yml: one per setting (but those above), then the action's own. */
export const actionInputs: readonly ActionInput[] = [
  ...settings
    .filter((setting) => settingsWithoutInput[setting.name] === undefined)
    .map(
      (setting): ActionInput => ({
        name: inputNameOf(setting.name),
        setting: setting.name,
        secret: setting.secret,
        description: `${setting.description}${setting.default === undefined ? '' : ` Default: ${setting.default}.`} (${setting.name})`,
      }),
    ),
  ...ownInputs,
];
