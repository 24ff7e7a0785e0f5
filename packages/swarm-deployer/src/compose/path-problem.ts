// What each step of normalizing a compose file returns: a value and the
// problems found on the way, each located by its path in the compose file
// (or, for a line of an env file, by a place of its own). Steps are pure; the
// caller turns paths into file:line:column.

/** A path in the compose file, e.g. ['services', 'web', 'ports', 0]. */
export type Path = (string | number)[];

export interface PathProblem {
  path: Path;
  message: string;
  /** Default: COMPOSE_INVALID. */
  code?: 'COMPOSE_ENV_FILE_INVALID';
  /** Where the problem is when it is not at `path` in the compose file (a line of an env file). */
  at?: { file: string; line: number; column: number };
}

export interface Normalized<T> {
  value: T;
  problems: PathProblem[];
}
