import type { CredentialsOption } from '@swarmlift/core';
import type { ConnectOptions, SshTarget } from '@swarmlift/remote';
import type { HooksSettings } from './hooks-config.js';

/** How static files are collected: in the built image, on the runner, or not at all. */
export type CollectstaticMode = 'image' | 'host' | 'off';
/** When migrations run relative to the service update. */
export type MigrateMode = 'after' | 'before' | 'off';

/**
 * Every setting of every command, resolved from flags > environment >
 * swarmlift.config.{json,yaml} > defaults, and checked by one zod schema.
 * Commands read only the fields they need; `loadSettings({ command })`
 * reports a missing setting only when that command needs it.
 */
export interface Settings {
  /** The folder commands run in (the user's repository root); paths below are absolute. */
  cwd: string;
  /** `REGISTRY`, default `ghcr.io`. */
  registry: string;
  /** `IMAGE_NAME` (the guide: `owner/repo`), lowercased; empty for commands that do not read it. */
  imageName: string;
  /** `STACK_NAME`; empty for commands that do not read it (build, static, env). */
  stack: string;
  /**
   * The short version: `VERSION` as given, else `GITHUB_SHA` → first 7 hex, else the first 7 of
   * `git rev-parse HEAD`. Empty for a command that does not read it (wait, unlock), and for `env`
   * when there is none (env only interpolates it).
   */
  version: string;
  /** Where the version came from, for the output. */
  versionSource: 'GITHUB_SHA' | 'git' | 'VERSION';

  /**
   * How to reach the manager's engine (SWARM_MANAGER_IP/SSH_* or DOCKER_HOST), for @swarmlift/remote's
   * connect(); `reconnect: true`. `{ target: 'local' }` for commands that do not reach the manager (build, env).
   */
  connect: ConnectOptions;
  /** For messages: `deploy@203.0.113.7:22` or `unix:///var/run/docker.sock`; never a secret. */
  targetLabel: string;
  /** Every host SWARM_MANAGER_IP names (comma-separated), in order. Empty with DOCKER_HOST. */
  managers: string[];
  /**
   * The managers as SSH targets, in order (`connect`'s options with another target each): with
   * more than one, commands use the first that is a working manager (remote's connectFirst).
   */
  managerTargets: SshTarget[];
  /** STATIC_HOSTS: the nginx hosts for static files, as SSH targets; empty = the manager in use. */
  staticHosts: SshTarget[];

  /**
   * REGISTRY_USERNAME/REGISTRY_PASSWORD, else GITHUB_ACTOR/GITHUB_TOKEN (ghcr.io only), else what
   * the Docker config holds for REGISTRY (read by loadSettings; `source: 'anonymous'` when nothing).
   */
  credentials: CredentialsOption;

  /** The app's variables for the env file: SECRET_KEY, DEBUG, DB_*, REDIS_URI and ENV_KEYS, only those set. */
  appEnv: Record<string, string>;
  /** The keys the env file must hold (the guide's plus ENV_KEYS). */
  envKeys: string[];

  /** `COMPOSE_FILE` (several separated by `:` or `,`), absolute paths; default deployment/docker-compose.prod.yml. */
  composeFiles: string[];
  /** `APP_SERVICE`, default `django`. */
  appService: string;
  /** `BUILD_CONTEXT` (absolute), default the repository root. */
  buildContext: string;
  /** `DOCKERFILE` (absolute), default deployment/Dockerfile. */
  dockerfile: string;
  /** `BUILD_ARGS`: extra `--build-arg`s (`KEY=VALUE` lines or a config-file map). */
  buildArgs: Record<string, string>;
  /** `APP_DIR` (absolute), default app. */
  appDir: string;
  /** `STATIC_TARGET` on the manager (absolute), default `/usr/src/${IMAGE_NAME}`; empty when not read. */
  staticTarget: string;
  /** `COLLECTSTATIC`, default `image`. */
  collectstatic: CollectstaticMode;
  /** `MIGRATE`, default `after`. */
  migrate: MigrateMode;
  /** `WAIT_TIMEOUT` in ms; undefined = from the services' update configs. */
  waitTimeoutMs: number | undefined;
  /** `--lock-wait` / `LOCK_WAIT` in ms; 0 = fail at once when the lock is held. */
  lockWaitMs: number;
  /** Who deploys: the CI run's URL (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID), else user@host. */
  performer: string;

  /** The config file that was read (absolute), if any. */
  configFile: string | undefined;
  /** `hooks:` of the config file (no commands when absent). */
  hooks: HooksSettings;

  /** Every secret value (and derived forms) configured, for redaction and masking. */
  secrets: string[];
}

/** One problem in the settings: the setting's name (flag or variable) and what is wrong, never its value. */
export interface SettingsIssue {
  /** `SECRET_KEY`, `--stack`, `swarmlift.config.yaml:12 migrate`, … */
  setting: string;
  message: string;
  hint?: string;
}
