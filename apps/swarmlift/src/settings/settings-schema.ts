import { z } from 'zod';
import { type CommandName, type SettingName, settingDefinition } from '../commands/definitions.js';
import {
  type Checked,
  checkBuildArgs,
  checkEnum,
  checkEnvKeys,
  checkHostPorts,
  checkHosts,
  checkImageName,
  checkLockWait,
  checkNonEmpty,
  checkPathList,
  checkPort,
  checkPrivateKey,
  checkRegistry,
  checkRemotePath,
  checkServiceName,
  checkSha,
  checkStack,
  checkTimeout,
  checkUser,
  checkVersion,
} from './setting-checks.js';
import type { CollectstaticMode, MigrateMode } from './settings.js';

/** A field of raw text checked by `check`; a missing value is an issue when `required`. */
function field<T>(check: (text: string) => Checked<T>, required: boolean, command: string) {
  const base = z
    .string({
      error: (issue) =>
        issue.input === undefined ? `is not set; swarmlift ${command} needs it` : 'must be text',
    })
    .transform((text, ctx): T => {
      const result = check(text);
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: result.problem });
        return z.NEVER;
      }
      return result.value;
    });
  return required ? base : base.optional();
}

const MIGRATE_MODES: readonly MigrateMode[] = ['after', 'before', 'off'];
const COLLECTSTATIC_MODES: readonly CollectstaticMode[] = ['image', 'host', 'off'];

/**
 * The one schema of the raw settings (each the text of a flag, variable or
 * config value, keyed by setting name) for `command`: each value checked and
 * parsed, the ones `command` requires present. Defaults are applied by the
 * caller (some depend on other settings). The app's variables are checked by
 * env-writer's schema instead, so only their presence is checked here.
 */
export function settingsSchema(command: CommandName) {
  const req = (name: SettingName) =>
    settingDefinition(name)?.requiredBy.includes(command) === true &&
    settingDefinition(name)?.default === undefined;
  const f = <T>(name: SettingName, check: (text: string) => Checked<T>) =>
    field(check, req(name), command);
  const present = (text: string): Checked<string> => ({ ok: true, value: text });
  return z.object({
    REGISTRY: f('REGISTRY', checkRegistry),
    IMAGE_NAME: f('IMAGE_NAME', checkImageName),
    STACK_NAME: f('STACK_NAME', checkStack),
    GITHUB_SHA: f('GITHUB_SHA', checkSha),
    VERSION: f('VERSION', checkVersion),
    SWARM_MANAGER_IP: f('SWARM_MANAGER_IP', checkHosts),
    SSH_USER: f('SSH_USER', checkUser),
    SSH_PRIVATE_KEY: f('SSH_PRIVATE_KEY', checkPrivateKey),
    SSH_PORT: f('SSH_PORT', checkPort),
    SSH_HOST_KEY: f('SSH_HOST_KEY', checkNonEmpty),
    SSH_KNOWN_HOSTS: f('SSH_KNOWN_HOSTS', checkNonEmpty),
    DOCKER_HOST: f('DOCKER_HOST', checkNonEmpty),
    STATIC_HOSTS: f('STATIC_HOSTS', checkHostPorts),
    REGISTRY_USERNAME: f('REGISTRY_USERNAME', checkNonEmpty),
    REGISTRY_PASSWORD: f('REGISTRY_PASSWORD', present),
    SECRET_KEY: f('SECRET_KEY', present),
    DEBUG: f('DEBUG', present),
    DB_NAME: f('DB_NAME', present),
    DB_USER: f('DB_USER', present),
    DB_PASSWORD: f('DB_PASSWORD', present),
    DB_HOST: f('DB_HOST', present),
    DB_PORT: f('DB_PORT', present),
    REDIS_URI: f('REDIS_URI', present),
    ENV_KEYS: f('ENV_KEYS', checkEnvKeys),
    COMPOSE_FILE: f('COMPOSE_FILE', checkPathList),
    APP_SERVICE: f('APP_SERVICE', checkServiceName),
    BUILD_CONTEXT: f('BUILD_CONTEXT', checkNonEmpty),
    DOCKERFILE: f('DOCKERFILE', checkNonEmpty),
    BUILD_ARGS: f('BUILD_ARGS', checkBuildArgs),
    APP_DIR: f('APP_DIR', checkNonEmpty),
    STATIC_TARGET: f('STATIC_TARGET', checkNonEmpty),
    COLLECTSTATIC: f('COLLECTSTATIC', checkEnum(COLLECTSTATIC_MODES)),
    MIGRATE: f('MIGRATE', checkEnum(MIGRATE_MODES)),
    WAIT_TIMEOUT: f('WAIT_TIMEOUT', checkTimeout),
    LOCK_WAIT: f('LOCK_WAIT', checkLockWait),
  });
}

export type ParsedSettings = z.output<ReturnType<typeof settingsSchema>>;

export { checkRemotePath };
