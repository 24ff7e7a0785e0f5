// The codes of ComposeError, in a module of their own (no imports) so that
// errors.ts can merge them into swarmDeployerErrorCodes without a cycle.

/** Every code a ComposeError can carry. */
export const composeErrorCodes = [
  /** A compose file could not be read. */
  'COMPOSE_FILE_NOT_FOUND',
  /** A compose file is not valid YAML (or uses YAML the CLI reads differently). */
  'COMPOSE_YAML_INVALID',
  /** A key, type or value docker stack deploy would refuse, or a reference to something undefined. */
  'COMPOSE_INVALID',
  /** A ${VAR} that cannot be substituted. */
  'COMPOSE_INTERPOLATION_FAILED',
  /** An env_file that is missing, unreadable or malformed. */
  'COMPOSE_ENV_FILE_INVALID',
] as const;

export type ComposeErrorCode = (typeof composeErrorCodes)[number];
