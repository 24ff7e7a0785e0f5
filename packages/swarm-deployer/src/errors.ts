const marker = Symbol.for('swarmlift.swarm-deployer.error');

/**
 * Stable error codes. Loading (compose/**) and deploying (plan/apply) each
 * add theirs here.
 */
export type SwarmDeployerErrorCode =
  // loading a compose file
  | 'COMPOSE_FILE_NOT_FOUND'
  | 'COMPOSE_YAML_INVALID'
  | 'COMPOSE_INVALID'
  | 'COMPOSE_INTERPOLATION_FAILED'
  | 'COMPOSE_ENV_FILE_INVALID'
  // planning and applying
  | 'IMAGE_NOT_FOUND'
  | 'NETWORK_NOT_FOUND'
  | 'SECRET_NOT_FOUND'
  | 'CONFIG_NOT_FOUND'
  | 'DEPLOY_FAILED'
  | 'REGISTRY_AUTH_INVALID'
  // the swarmlift-stack bin
  | 'USAGE_INVALID';

/**
 * Base class of every error this package throws. `code` is stable across
 * releases; `hint` tells the user what to do. Messages never contain a secret
 * value, an env value or registry credentials.
 */
export class SwarmDeployerError extends Error {
  readonly code: SwarmDeployerErrorCode;
  readonly hint: string;
  /** Brand for `isInstance`; a symbol from the global registry is shared by every copy of this package. */
  readonly [marker] = true;

  constructor(options: {
    code: SwarmDeployerErrorCode;
    message: string;
    hint: string;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'SwarmDeployerError';
    this.code = options.code;
    this.hint = options.hint;
  }

  /** Works across duplicated copies of this package, unlike `instanceof`. */
  static isInstance(error: unknown): error is SwarmDeployerError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
