import { stat } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { OptionsError, registryCredentials, throwIfAborted } from '@swarmlift/core';
import { djangoEnvSchema } from '@swarmlift/env-writer';
import type { z } from 'zod';
import {
  type CommandName,
  commandDefinition,
  type SettingName,
  settingDefinition,
  settings as settingDefinitions,
} from '../commands/definitions.js';
import { collectSecrets } from './collect-secrets.js';
import { readConfigFile } from './config-file.js';
import { connectSettings } from './connect-settings.js';
import { mergeSources, type RawSetting } from './merge-sources.js';
import { performerOf } from './performer.js';
import { resolveCredentials } from './resolve-credentials.js';
import { resolveVersion } from './resolve-version.js';
import { checkRemotePath } from './setting-checks.js';
import type { Settings, SettingsIssue } from './settings.js';
import { SettingsError } from './settings-error.js';
import { type ParsedSettings, settingsSchema } from './settings-schema.js';

/** The guide's variables of the production env file, in the order it writes them. */
export const GUIDE_ENV_KEYS = [
  'SECRET_KEY',
  'DEBUG',
  'DB_NAME',
  'DB_USER',
  'DB_PASSWORD',
  'DB_HOST',
  'DB_PORT',
  'REDIS_URI',
] as const satisfies readonly SettingName[];

export interface LoadSettingsOptions {
  /** The command that runs: decides which settings are read and which are required. */
  command: Exclude<CommandName, 'help' | 'version'>;
  /** Setting overrides from flags, by setting name (`parseCommandLine(...).flags`). */
  flags?: Readonly<Partial<Record<SettingName, string>>> | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** The repository root; relative paths in settings are resolved against it. */
  cwd: string;
  /** `--config FILE` (relative to `cwd`); default swarmlift.config.{json,yaml,yml} in `cwd`, if any. */
  configPath?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Every setting `command` reads, from flags > environment > config file >
 * defaults, checked by one schema. Every problem is collected and thrown
 * together as a `SettingsError` (exit 2) naming each setting — with file and
 * line for the config file — and never a value. Settings the command does not
 * read are neither checked nor reported.
 */
export async function loadSettings(options: LoadSettingsOptions): Promise<Settings> {
  throwIfAborted(options.signal);
  const { command, env } = options;
  const definition = commandDefinition(command);
  if (!definition || command === ('help' as string) || command === ('version' as string)) {
    throw new OptionsError({
      field: 'command',
      message: `${JSON.stringify(command)} is not a command that reads settings`,
      hint: 'Pass one of deploy, plan, build, static, env, wait, migrate, manage or unlock.',
    });
  }
  const cwd = resolve(options.cwd);
  const issues: SettingsIssue[] = [];

  const cwdInfo = await stat(cwd).catch(() => undefined);
  if (!cwdInfo?.isDirectory()) {
    throw new SettingsError({
      command,
      issues: [{ setting: '--cwd', message: `${cwd} is not a folder` }],
    });
  }

  const config = await readConfigFile({ cwd, configPath: options.configPath });
  issues.push(...config.issues);
  const merged = mergeSources({ flags: options.flags ?? {}, env, config: config.values });
  issues.push(...merged.issues);

  // Only what this command reads is checked.
  const reads = (name: SettingName) => settingDefinition(name)?.readBy.includes(command) === true;
  const raw = new Map<SettingName, RawSetting>([...merged.raw].filter(([name]) => reads(name)));
  const label = (name: SettingName): string => raw.get(name)?.label ?? name;

  const input: Partial<Record<SettingName, string>> = {};
  for (const [name, setting] of raw) input[name] = setting.value;
  // Field by field, so that a bad value in one does not hide the checks that depend on the others.
  const schema = settingsSchema(command);
  const values: Partial<ParsedSettings> = {};
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    const name = key as SettingName;
    const result = (fieldSchema as z.ZodType).safeParse(input[name]);
    if (result.success) {
      if (result.data !== undefined) (values as Record<string, unknown>)[name] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      issues.push({
        setting: label(name),
        message: issue.message,
        ...missingHint(name, input[name], config.path),
      });
    }
  }
  const get = <K extends keyof ParsedSettings>(key: K): ParsedSettings[K] | undefined =>
    values[key];

  // The app's variables: the guide's (from the environment) plus ENV_KEYS.
  const appEnv: Record<string, string> = {};
  const envKeys: string[] = [];
  if (reads('SECRET_KEY')) {
    const extraKeys = get('ENV_KEYS') ?? [];
    envKeys.push(
      ...GUIDE_ENV_KEYS,
      ...extraKeys.filter((k) => !(GUIDE_ENV_KEYS as readonly string[]).includes(k)),
    );
    for (const key of GUIDE_ENV_KEYS) {
      const value = raw.get(key)?.value;
      if (value !== undefined) appEnv[key] = value;
    }
    const required = settingDefinition('SECRET_KEY')?.requiredBy.includes(command) === true;
    for (const key of envKeys.slice(GUIDE_ENV_KEYS.length)) {
      const value = env[key];
      if (value !== undefined && value !== '') appEnv[key] = value;
      else if (required) {
        issues.push({
          setting: key,
          message: `is not set, but ${label('ENV_KEYS')} names it`,
          hint: `Set ${key} in the environment, or remove it from ENV_KEYS.`,
        });
      }
    }
    const checked = djangoEnvSchema.safeParse(appEnv);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const key = String(issue.path[0]);
        // Missing keys are the schema above's business (required per command); here only the format.
        if (appEnv[key] === undefined) continue;
        issues.push({ setting: raw.get(key as SettingName)?.label ?? key, message: issue.message });
      }
    }
  }

  // The version, the engine and the registry login, checked in parallel.
  const needsVersion = settingDefinition('GITHUB_SHA')?.requiredBy.includes(command) === true;
  const shaBroken = raw.has('GITHUB_SHA') && get('GITHUB_SHA') === undefined;
  const versionBroken = raw.has('VERSION') && get('VERSION') === undefined;
  const versionPromise =
    reads('GITHUB_SHA') && !shaBroken && !versionBroken
      ? resolveVersion({
          version: get('VERSION'),
          sha: get('GITHUB_SHA'),
          cwd,
          signal: options.signal,
        })
      : Promise.resolve(undefined);

  const managers = get('SWARM_MANAGER_IP');
  const dockerHost = get('DOCKER_HOST');
  let connectPromise: ReturnType<typeof connectSettings> | undefined;
  if (definition.needsTarget) {
    if (managers === undefined && dockerHost === undefined) {
      if (!raw.has('SWARM_MANAGER_IP') && !raw.has('DOCKER_HOST')) {
        issues.push({
          setting: 'SWARM_MANAGER_IP',
          message: `is not set (nor DOCKER_HOST); swarmlift ${command} needs the manager`,
          hint: 'Set SWARM_MANAGER_IP (with SSH_USER, SSH_PRIVATE_KEY and SSH_HOST_KEY), or DOCKER_HOST.',
        });
      }
    } else {
      const labels: Partial<Record<string, string>> = {};
      for (const [name, setting] of raw) labels[name] = setting.label;
      connectPromise = connectSettings(
        {
          managers,
          sshUser: get('SSH_USER'),
          sshPort: get('SSH_PORT'),
          sshPrivateKey: get('SSH_PRIVATE_KEY'),
          sshHostKey: get('SSH_HOST_KEY'),
          sshKnownHosts: get('SSH_KNOWN_HOSTS'),
          dockerHost,
          staticHosts: get('STATIC_HOSTS'),
          labels,
        },
        { cwd, env },
      );
    }
  }

  const registry = get('REGISTRY') ?? 'ghcr.io';
  const credentialsPromise = reads('REGISTRY_USERNAME')
    ? resolveCredentials({
        registry,
        username: get('REGISTRY_USERNAME'),
        password: get('REGISTRY_PASSWORD'),
        labels: { username: label('REGISTRY_USERNAME'), password: label('REGISTRY_PASSWORD') },
        env,
        signal: options.signal,
      })
    : undefined;

  const [version, connected, login] = await Promise.all([
    versionPromise,
    connectPromise,
    credentialsPromise,
  ]);
  throwIfAborted(options.signal);
  if (version && !version.ok && needsVersion) {
    issues.push({ setting: 'GITHUB_SHA', message: version.problem, hint: version.hint });
  }
  if (connected && !connected.ok) issues.push(...connected.issues);
  if (login && !login.ok) issues.push(...login.issues);

  const imageName = get('IMAGE_NAME') ?? '';
  let staticTarget = '';
  if (reads('STATIC_TARGET')) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the default, as users write it
    const template = get('STATIC_TARGET') ?? '/usr/src/${IMAGE_NAME}';
    const expanded = template.replace(/\$\{IMAGE_NAME\}|\$IMAGE_NAME\b/g, imageName);
    const checked = checkRemotePath(expanded);
    if (checked.ok) staticTarget = checked.value;
    else if (raw.has('STATIC_TARGET') || imageName !== '') {
      issues.push({ setting: label('STATIC_TARGET'), message: checked.problem });
    }
  }

  if (issues.length > 0) throw new SettingsError({ command, issues: dedupe(issues) });

  const credentials = login?.ok === true ? login.credentials : registryCredentials({ registry });
  // Every secret setting in the environment is redacted, also by commands that
  // do not read (and so do not check) it: `status` may print what the app logs.
  const secretSettings = settingDefinitions
    .filter((s) => s.secret)
    .map((s) => raw.get(s.name)?.value ?? nonEmpty(env[s.name]));
  const result: Settings = {
    cwd,
    registry,
    imageName,
    stack: get('STACK_NAME') ?? '',
    version: version?.ok ? version.version : '',
    versionSource: version?.ok ? version.source : 'git',
    connect: connected?.ok ? connected.connect : { target: 'local' },
    targetLabel: connected?.ok ? connected.targetLabel : 'the local engine',
    managers: managers ? [...managers] : [],
    managerTargets: connected?.ok ? connected.managerTargets : [],
    staticHosts: connected?.ok ? connected.staticHosts : [],
    credentials,
    appEnv,
    envKeys,
    composeFiles: (get('COMPOSE_FILE') ?? ['deployment/docker-compose.prod.yml']).map((p) =>
      resolve(cwd, p),
    ),
    appService: get('APP_SERVICE') ?? 'django',
    buildContext: resolve(cwd, get('BUILD_CONTEXT') ?? '.'),
    dockerfile: resolve(cwd, get('DOCKERFILE') ?? 'deployment/Dockerfile'),
    buildArgs: get('BUILD_ARGS') ?? {},
    appDir: resolve(cwd, get('APP_DIR') ?? 'app'),
    staticTarget,
    collectstatic: get('COLLECTSTATIC') ?? 'image',
    migrate: get('MIGRATE') ?? 'after',
    waitTimeoutMs: get('WAIT_TIMEOUT'),
    lockWaitMs: get('LOCK_WAIT') ?? 0,
    performer: performerOf(env, { user: safeUser(), host: hostname() }),
    configFile: config.path,
    hooks: config.hooks,
    secrets: collectSecrets({
      secretSettings,
      appEnv,
      registry: login?.ok
        ? {
            username: login.credentials.username,
            password: login.credentials.password,
            identityToken: login.credentials.identityToken,
          }
        : undefined,
      env,
      passedToHooks: config.hooks.env,
    }),
  };
  return result;
}

function missingHint(
  name: SettingName,
  input: unknown,
  configPath: string | undefined,
): { hint?: string } {
  if (input !== undefined) return {};
  const setting = settingDefinition(name);
  if (!setting) return {};
  const ways = [`the environment variable ${name}`];
  if (setting.flag) ways.push(setting.flag);
  if (setting.configKey)
    ways.push(
      `"${setting.configKey}" in ${configPath ? 'the config file' : 'swarmlift.config.yaml'}`,
    );
  const list = ways.length > 1 ? `${ways.slice(0, -1).join(', ')} or ${ways.at(-1)}` : ways[0];
  return { hint: `Set ${list}${setting.secret ? ' (a CI secret)' : ''}.` };
}

function dedupe(issues: SettingsIssue[]): SettingsIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.setting}\0${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
