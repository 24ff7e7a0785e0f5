// Several -c files merged in order, with the CLI's rules (loader/merge.go,
// mergo with override and append): a later file's non-empty scalars win,
// mappings merge key by key, lists append, except ports (union), secrets and
// configs (by source), volumes (by target), command and entrypoint (replaced),
// logging (options merge when the driver is the same), ulimits and network
// entries (replaced). Top-level networks, volumes, secrets and configs are
// replaced whole by name.
import type { ComposeModel, ServiceModel } from './compose-model.js';

type Value = unknown;

const byKey =
  (
    key: (item: Record<string, unknown>) => string,
    sortBy: (item: Record<string, unknown>) => string | number,
  ) =>
  (base: Value[], override: Value[]): Value[] => {
    const merged = new Map<string, Value>();
    for (const item of [...base, ...override])
      merged.set(key(item as Record<string, unknown>), item);
    return [...merged.values()].sort((a, b) => {
      const ka = sortBy(a as Record<string, unknown>);
      const kb = sortBy(b as Record<string, unknown>);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  };

const listRules: Record<string, (base: Value[], override: Value[]) => Value[]> = {
  ports: byKey(
    (p) => JSON.stringify([p.protocol, p.target, p.published, p.mode]),
    (p) => p.published as number,
  ),
  secrets: byKey(
    (s) => s.source as string,
    (s) => s.source as string,
  ),
  configs: byKey(
    (s) => s.source as string,
    (s) => s.source as string,
  ),
  volumes: byKey(
    (v) => v.target as string,
    (v) => v.target as string,
  ),
  command: (base, override) => (override.length > 0 ? override : base),
  entrypoint: (base, override) => (override.length > 0 ? override : base),
  // Deliberate difference: the CLI appends healthcheck tests, which yields a broken test; a later test replaces.
  test: (base, override) => (override.length > 0 ? override : base),
};

/**
 * The CLI's *uint64 fields, merged by its mergeUint64: set in a later file,
 * even to 0, they win. Every other field (including other pointers, which
 * mergo dereferences) keeps its earlier value when the later one is Go's zero.
 */
/**
 * map[string]string fields: a later file's entry wins even when empty. (In
 * `environment`, a map of *string, an empty or null value does not override.)
 */
const STRING_MAPS = new Set(['labels', 'sysctls', 'options', 'driver_opts']);

const UINT64_POINTERS = new Set(['replicas', 'parallelism', 'max_attempts', 'retries']);

function isEmpty(value: Value): boolean {
  return value === undefined || value === null || value === '' || value === 0 || value === false;
}

function mergeValue(key: string, base: Value, override: Value): Value {
  if (override === undefined) return base;
  if (Array.isArray(override)) {
    const baseList = Array.isArray(base) ? base : [];
    const rule = listRules[key];
    return rule ? rule(baseList, override) : [...baseList, ...override];
  }
  if (override !== null && typeof override === 'object') {
    if (base === null || base === undefined || typeof base !== 'object') return override;
    if (key === 'logging') {
      const b = base as { driver?: string; options?: Record<string, string> };
      const o = override as { driver?: string; options?: Record<string, string> };
      if (b.driver && o.driver && b.driver !== o.driver) return override;
      return { driver: b.driver || o.driver, options: { ...b.options, ...o.options } };
    }
    const out: Record<string, Value> = { ...(base as Record<string, Value>) };
    for (const [childKey, child] of Object.entries(override as Record<string, Value>)) {
      if (key === 'ulimits' || key === 'references' || STRING_MAPS.has(key)) {
        out[childKey] = child;
      } else if (key === 'networks') {
        // A network named again replaces its aliases; a bare name keeps what the earlier file set.
        out[childKey] = child === null && out[childKey] !== undefined ? out[childKey] : child;
      } else {
        out[childKey] = mergeValue(childKey, out[childKey], child);
      }
    }
    return out;
  }
  if (isEmpty(override) && !UINT64_POINTERS.has(key)) return base ?? override;
  return override;
}

/** Merges `override` into `base` (neither is modified). */
export function mergeComposeModels(base: ComposeModel, override: ComposeModel): ComposeModel {
  const services: Record<string, ServiceModel> = { ...base.services };
  for (const [name, service] of Object.entries(override.services)) {
    const existing = services[name];
    services[name] = existing
      ? { ...(mergeValue('', existing, service) as ServiceModel), source: existing.source }
      : service;
  }
  return {
    file: base.file,
    services,
    networks: { ...base.networks, ...override.networks },
    volumes: { ...base.volumes, ...override.volumes },
    secrets: { ...base.secrets, ...override.secrets },
    configs: { ...base.configs, ...override.configs },
  };
}
