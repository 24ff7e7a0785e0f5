// env_file: and environment: → one environment, as the CLI's
// resolveEnvironment builds it: env files in order, then environment:; a
// value that is missing or empty is taken from the deploying environment when
// that has the variable. The env files are read by the caller (see
// envFileReferences) and passed in as their parsed content.
import { resolve } from 'node:path';
import type { ServiceInput } from './compose-schema.js';
import type { Lookup } from './interpolate.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';
import { mapping } from './to-mapping.js';

/** One env_file entry of a service: the absolute file and where it is written. */
export interface EnvFileReference {
  file: string;
  path: Path;
}

/** An env file as read by the caller. */
export type EnvFileContent =
  | { entries: readonly { key: string; value?: string | undefined }[] }
  | { missing: true }
  /** The file could not be read or parsed; `line` when a line of it is at fault. */
  | { error: string; line?: number | undefined };

/** The env files a service names, resolved against the project directory, in order. */
export function envFileReferences(
  envFile: ServiceInput['env_file'],
  projectDir: string,
  at: Path,
): EnvFileReference[] {
  const files = envFile === undefined ? [] : Array.isArray(envFile) ? envFile : [envFile];
  return files.map((file, index) => ({
    file: resolve(projectDir, file),
    path: Array.isArray(envFile) ? [...at, 'env_file', index] : [...at, 'env_file'],
  }));
}

export function normalizeEnvironment(
  service: Pick<ServiceInput, 'env_file' | 'environment'>,
  at: Path,
  context: {
    projectDir: string;
    lookup: Lookup;
    /** Content of each env file, by absolute path; a file absent from the map counts as missing. */
    envFiles: ReadonlyMap<string, EnvFileContent>;
  },
): Normalized<Record<string, string | null>> {
  const { lookup } = context;
  const problems: PathProblem[] = [];
  const environment: Record<string, string | null> = {};
  // The CLI's updateEnvironment: a value that is missing or empty is taken
  // from the deploying environment when that has the variable.
  const setVar = (key: string, value: string | null) => {
    const fromEnv = lookup(key);
    environment[key] = (value === null || value === '') && fromEnv !== undefined ? fromEnv : value;
  };
  for (const { file, path } of envFileReferences(service.env_file, context.projectDir, at)) {
    const content = context.envFiles.get(file) ?? { missing: true };
    if ('missing' in content) {
      problems.push({
        path,
        message: `env file ${file} not found`,
        code: 'COMPOSE_ENV_FILE_INVALID',
      });
    } else if ('error' in content) {
      const { line } = content;
      problems.push({
        path,
        message: content.error,
        code: 'COMPOSE_ENV_FILE_INVALID',
        at: { file, line: line ?? 0, column: line ? 1 : 0 },
      });
    } else {
      for (const entry of content.entries) setVar(entry.key, entry.value ?? null);
    }
  }
  for (const [key, value] of Object.entries(mapping(service.environment, '=', true)))
    setVar(key, value);
  return { value: environment, problems };
}
