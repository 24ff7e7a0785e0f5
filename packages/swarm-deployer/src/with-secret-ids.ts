import type Docker from 'dockerode';

/**
 * A copy of `spec` with SecretID/ConfigID filled in from the (existing or
 * just created) secrets and configs, by name.
 */
export function withSecretIds(
  spec: Docker.ServiceSpec,
  secretIds: ReadonlyMap<string, string>,
  configIds: ReadonlyMap<string, string>,
): Docker.ServiceSpec {
  const copy = structuredClone(spec);
  const container = (copy.TaskTemplate as { ContainerSpec?: Record<string, unknown> } | undefined)
    ?.ContainerSpec;
  for (const secret of (container?.Secrets as
    | { SecretName?: string; SecretID?: string }[]
    | undefined) ?? []) {
    if (!secret.SecretID && secret.SecretName)
      secret.SecretID = secretIds.get(secret.SecretName) ?? '';
  }
  for (const config of (container?.Configs as
    | { ConfigName?: string; ConfigID?: string }[]
    | undefined) ?? []) {
    if (!config.ConfigID && config.ConfigName)
      config.ConfigID = configIds.get(config.ConfigName) ?? '';
  }
  return copy;
}
