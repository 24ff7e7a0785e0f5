import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * The env file the app service names (`env_file:`, the first one when it is
 * a list), as an absolute path: the file swarmlift writes from the app's
 * variables. Relative paths start at the first compose file's folder, as in
 * `docker stack deploy`. Later files override earlier ones, as compose merges.
 * Undefined when no file names one (the caller reports it).
 */
export function appEnvFile(
  composeFiles: readonly { path: string; text: string }[],
  appService: string,
): string | undefined {
  const projectDir = dirname(composeFiles[0]?.path ?? '.');
  let found: string | undefined;
  for (const { text } of composeFiles) {
    let document: unknown;
    try {
      document = parse(text);
    } catch {
      continue; // loadStack reports the syntax error with its line
    }
    const entry = firstEnvFile(serviceOf(document, appService)?.env_file);
    if (entry !== undefined) found = entry;
  }
  if (found === undefined) return undefined;
  return isAbsolute(found) ? found : resolve(projectDir, found);
}

/**
 * The service names the compose files define (before interpolation), or
 * undefined when a file cannot be parsed (loadStack then reports it with its line).
 */
export function composeServiceNames(
  composeFiles: readonly { path: string; text: string }[],
): string[] | undefined {
  const names = new Set<string>();
  for (const { text } of composeFiles) {
    let document: unknown;
    try {
      document = parse(text);
    } catch {
      return undefined;
    }
    if (!isObject(document)) return undefined;
    if (isObject(document.services))
      for (const name of Object.keys(document.services)) names.add(name);
  }
  return [...names];
}

function serviceOf(document: unknown, name: string): { env_file?: unknown } | undefined {
  if (!isObject(document) || !isObject(document.services)) return undefined;
  const service = document.services[name];
  return isObject(service) ? service : undefined;
}

function firstEnvFile(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return undefined;
  const first: unknown = value[0];
  if (typeof first === 'string') return first;
  if (isObject(first) && typeof first.path === 'string') return first.path;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
