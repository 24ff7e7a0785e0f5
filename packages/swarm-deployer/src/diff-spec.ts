import { isDeepStrictEqual } from 'node:util';

/** One changed field of a service spec. */
export interface SpecChange {
  /** Dotted path, e.g. `TaskTemplate.ContainerSpec.Image` or `TaskTemplate.ContainerSpec.Env.DB_PASSWORD`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** Old value; never present when `sensitive`. */
  before?: unknown;
  /** New value; never present when `sensitive`. */
  after?: unknown;
  /** An environment value: the plan says that it changed, never what it is. */
  sensitive?: true;
}

const ENV_PATH = 'TaskTemplate.ContainerSpec.Env';

/**
 * Field-level differences between two normalized specs (see normalizeSpec).
 * Environment variables are compared by name and their values are never
 * copied into the result.
 */
export function diffSpec(before: unknown, after: unknown): SpecChange[] {
  const changes: SpecChange[] = [];
  walk(before, after, '', changes);
  return changes;
}

function walk(before: unknown, after: unknown, path: string, changes: SpecChange[]): void {
  if (isDeepStrictEqual(before, after)) return;
  if (path === ENV_PATH) {
    diffEnv(before, after, changes);
    return;
  }
  if (before === undefined) {
    changes.push({ path, kind: 'added', after });
    return;
  }
  if (after === undefined) {
    changes.push({ path, kind: 'removed', before });
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) walk(before[key], after[key], path ? `${path}.${key}` : key, changes);
    return;
  }
  changes.push({ path, kind: 'changed', before, after });
}

function diffEnv(before: unknown, after: unknown, changes: SpecChange[]): void {
  const old = envMap(before);
  const wanted = envMap(after);
  const names = [...new Set([...old.keys(), ...wanted.keys()])].sort();
  const count = changes.length;
  for (const name of names) {
    const path = `${ENV_PATH}.${name}`;
    if (!old.has(name)) changes.push({ path, kind: 'added', sensitive: true });
    else if (!wanted.has(name)) changes.push({ path, kind: 'removed', sensitive: true });
    else if (old.get(name) !== wanted.get(name))
      changes.push({ path, kind: 'changed', sensitive: true });
  }
  // Same variables and values in another order: the engine sees a change all the same.
  if (changes.length === count) {
    changes.push({ path: ENV_PATH, kind: 'changed', sensitive: true });
  }
}

function envMap(value: unknown): Map<string, string | undefined> {
  const result = new Map<string, string | undefined>();
  for (const entry of Array.isArray(value) ? value : []) {
    const text = String(entry);
    const equals = text.indexOf('=');
    if (equals === -1) result.set(text, undefined);
    else result.set(text.slice(0, equals), text.slice(equals + 1));
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
