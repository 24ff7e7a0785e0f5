// A service spec as it can be compared: the engine stores what it was sent,
// but drops zero values, fills a few defaults and replaces network names with
// ids. Both the stored spec and the wanted one go through this before they
// are compared, so an unchanged file compares equal and makes no update.

/** Keys whose values are free-form maps: an empty value there is meaningful. */
const MAP_KEYS = new Set(['Labels', 'Sysctls', 'Options', 'DriverOpts']);
/** Pointer fields in the engine's Go types: false / 0 differs from absent there. */
const KEEP_ZERO_KEYS = new Set(['Init', 'Replicas', 'MaxReplicas']);
/** Defaults the engine writes into a stored spec when the field was not sent. */
const ENGINE_DEFAULTS: Record<string, unknown> = { Isolation: 'default', Runtime: 'container' };

export interface NormalizeSpecOptions {
  /** Network id → name, to compare stored Networks[].Target (ids) with wanted ones (names). */
  networkNames?: ReadonlyMap<string, string>;
  /**
   * The engine's API version (`1.41` for Docker 20.10): fields newer than it
   * are not stored, so they are left out of the comparison on both sides.
   */
  apiVersion?: string | undefined;
}

/** Spec fields an engine stores only from this API version on (older ones drop them silently). */
const FIELDS_SINCE: { path: readonly string[]; since: [number, number] }[] = [
  { path: ['TaskTemplate', 'ContainerSpec', 'Healthcheck', 'StartInterval'], since: [1, 44] },
];

/** A deep copy of `spec` with engine-side differences removed (see the file comment). */
export function normalizeSpec(
  spec: unknown,
  options: NormalizeSpecOptions = {},
): Record<string, unknown> {
  const copy = structuredClone(spec ?? {}) as Record<string, unknown>;
  fillEngineDefaults(copy);
  const template = copy.TaskTemplate as Record<string, unknown> | undefined;
  if (template) {
    // ForceUpdate is carried over from the stored spec on every update, never compared.
    delete template.ForceUpdate;
    const networks = template.Networks as { Target?: string }[] | undefined;
    for (const network of networks ?? []) {
      if (network.Target)
        network.Target = options.networkNames?.get(network.Target) ?? network.Target;
    }
    const container = template.ContainerSpec as Record<string, unknown> | undefined;
    // Swarm has no mount consistency (a Docker Desktop option): the engine drops it.
    for (const mount of (container?.Mounts as Record<string, unknown>[] | undefined) ?? [])
      delete mount.Consistency;
    for (const key of ['Secrets', 'Configs'] as const) {
      const references = container?.[key] as Record<string, unknown>[] | undefined;
      for (const reference of references ?? []) {
        delete reference.SecretID;
        delete reference.ConfigID;
      }
    }
  }
  dropNewerFields(copy, options.apiVersion);
  return (clean(copy, undefined) ?? {}) as Record<string, unknown>;
}

function dropNewerFields(spec: Record<string, unknown>, apiVersion: string | undefined): void {
  const match = /^(\d+)\.(\d+)/.exec(apiVersion ?? '');
  if (!match) return;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  for (const { path, since } of FIELDS_SINCE) {
    if (major > since[0] || (major === since[0] && minor >= since[1])) continue;
    let node: unknown = spec;
    for (const key of path.slice(0, -1))
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    if (node && typeof node === 'object')
      delete (node as Record<string, unknown>)[path.at(-1) as string];
  }
}

/**
 * Defaults the engine writes when it stores a spec (seen on Docker 20.10):
 * no mode is one replica, an update/rollback config without a failure
 * action or order gets pause / stop-first, a restart policy without a
 * condition gets any, an endpoint without a mode gets vip (the loader and
 * the CLI send `EndpointSpec: {}` for a service without ports and
 * endpoint_mode; the engine stores `{ Mode: 'vip' }`), a port without a
 * protocol or publish mode gets tcp / ingress.
 */
function fillEngineDefaults(spec: Record<string, unknown>): void {
  const mode = (spec.Mode ?? {}) as Record<string, unknown>;
  if (Object.keys(mode).length === 0) mode.Replicated = {};
  const replicated = mode.Replicated as { Replicas?: number } | undefined;
  if (replicated && (replicated.Replicas === undefined || replicated.Replicas === null))
    replicated.Replicas = 1;
  spec.Mode = mode;
  for (const key of ['UpdateConfig', 'RollbackConfig']) {
    const config = spec[key] as { FailureAction?: string; Order?: string } | undefined | null;
    if (!config || typeof config !== 'object') continue;
    config.FailureAction ||= 'pause';
    config.Order ||= 'stop-first';
  }
  // No endpoint at all means VIP to Swarm as well, so both spellings compare equal.
  if (spec.EndpointSpec === undefined || spec.EndpointSpec === null) spec.EndpointSpec = {};
  const endpoint = spec.EndpointSpec as {
    Mode?: string;
    Ports?: { Protocol?: string; PublishMode?: string }[] | null;
  };
  if (typeof endpoint === 'object') {
    endpoint.Mode ||= 'vip';
    for (const port of endpoint.Ports ?? []) {
      port.Protocol ||= 'tcp';
      port.PublishMode ||= 'ingress';
    }
  }
  const template = spec.TaskTemplate as
    | { RestartPolicy?: { Condition?: string } | null }
    | undefined;
  if (template?.RestartPolicy && typeof template.RestartPolicy === 'object') {
    template.RestartPolicy.Condition ||= 'any';
  }
}

function clean(value: unknown, key: string | undefined, inMap = false): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => clean(item, undefined)).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object') {
    const result: Record<string, unknown> = {};
    const isMap = key !== undefined && MAP_KEYS.has(key);
    for (const [childKey, child] of Object.entries(value as Record<string, unknown>)) {
      if (isMap) {
        if (child !== undefined && child !== null) result[childKey] = child;
        continue;
      }
      if (ENGINE_DEFAULTS[childKey] !== undefined && ENGINE_DEFAULTS[childKey] === child) continue;
      const cleaned = clean(child, childKey);
      if (cleaned !== undefined) result[childKey] = cleaned;
    }
    return Object.keys(result).length === 0 && !isMap ? undefined : result;
  }
  if (inMap) return value;
  if (value === '' || value === false || value === 0) {
    return key !== undefined && KEEP_ZERO_KEYS.has(key) ? value : undefined;
  }
  return value;
}
