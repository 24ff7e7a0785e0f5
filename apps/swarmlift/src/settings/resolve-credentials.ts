import {
  type RegistryCredentials,
  RegistryCredentialsError,
  readRegistryCredentials,
  registryCredentials,
} from '@swarmlift/core';
import type { SettingsIssue } from './settings.js';

export type CredentialsResult =
  | {
      ok: true;
      credentials: RegistryCredentials;
      from: 'REGISTRY_USERNAME' | 'GITHUB_TOKEN' | 'docker-config';
    }
  | { ok: false; issues: SettingsIssue[] };

/**
 * The registry login: REGISTRY_USERNAME + REGISTRY_PASSWORD (both or
 * neither), else GITHUB_ACTOR + GITHUB_TOKEN when the registry is ghcr.io
 * (a GitHub token is never sent to another registry), else what
 * `docker login` left in the Docker config (anonymous when nothing).
 */
export async function resolveCredentials(options: {
  registry: string;
  username?: string | undefined;
  password?: string | undefined;
  labels: { username: string; password: string };
  env: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal | undefined;
}): Promise<CredentialsResult> {
  const { registry, username, password } = options;
  if (username !== undefined || password !== undefined) {
    if (username === undefined || password === undefined) {
      const missing = username === undefined ? options.labels.username : options.labels.password;
      const given = username === undefined ? options.labels.password : options.labels.username;
      return {
        ok: false,
        issues: [
          {
            setting: missing,
            message: `is not set, but ${given} is; give both or neither`,
            hint: 'Without both, the login from ~/.docker/config.json (docker login) is used.',
          },
        ],
      };
    }
    return {
      ok: true,
      credentials: registryCredentials({ registry, username, password }),
      from: 'REGISTRY_USERNAME',
    };
  }
  const actor = options.env.GITHUB_ACTOR?.trim();
  const token = options.env.GITHUB_TOKEN?.trim();
  if (registry === 'ghcr.io' && actor && token) {
    return {
      ok: true,
      credentials: registryCredentials({ registry, username: actor, password: token }),
      from: 'GITHUB_TOKEN',
    };
  }
  try {
    const credentials = await readRegistryCredentials({
      registry,
      env: options.env,
      signal: options.signal,
    });
    return { ok: true, credentials, from: 'docker-config' };
  } catch (error) {
    if (!RegistryCredentialsError.isInstance(error)) throw error;
    return {
      ok: false,
      issues: [
        {
          setting: `${options.labels.username}/${options.labels.password}`,
          message: `are not set, and the Docker config cannot be used: ${error.message}`,
          hint: error.hint,
        },
      ],
    };
  }
}
