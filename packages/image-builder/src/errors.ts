const marker = Symbol.for('swarmlift.image-builder.error');

export type ImageBuilderErrorCode =
  | 'VERSION_UNRESOLVED'
  | 'IMAGE_REF_INVALID'
  | 'BUILD_CONTEXT_INVALID'
  | 'IMAGE_BUILD_FAILED'
  | 'REGISTRY_AUTH_FAILED'
  | 'REGISTRY_UNREACHABLE'
  | 'REGISTRY_ERROR'
  | 'CREDENTIALS_UNAVAILABLE'
  | 'IMAGE_PUSH_FAILED';

/**
 * Base class of every error this package throws. `code` is stable across
 * releases; `hint` tells the user what to do. Messages never contain a
 * password, token or auth header.
 */
export class ImageBuilderError extends Error {
  readonly code: ImageBuilderErrorCode;
  readonly hint: string;
  /** Brand for `isInstance`; a symbol from the global registry is shared by every copy of this package. */
  readonly [marker] = true;

  constructor(options: {
    code: ImageBuilderErrorCode;
    message: string;
    hint: string;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'ImageBuilderError';
    this.code = options.code;
    this.hint = options.hint;
  }

  /** Works across duplicated copies of this package, unlike `instanceof`. */
  static isInstance(error: unknown): error is ImageBuilderError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

/** The build stream carried an error: `step` is the failing instruction, `output` its last lines. */
export class ImageBuildError extends ImageBuilderError {
  readonly step: string | undefined;
  readonly output: readonly string[];

  constructor(options: { reason: string; step?: string; output: readonly string[] }) {
    const where = options.step ? ` at ${options.step}` : '';
    const tail = options.output.length
      ? `\nlast output:\n${options.output.map((line) => `  | ${line}`).join('\n')}`
      : '';
    super({
      code: 'IMAGE_BUILD_FAILED',
      message: `Image build failed${where}: ${options.reason}${tail}`,
      hint: 'Fix the Dockerfile instruction named above; its last output lines are shown.',
    });
    this.name = 'ImageBuildError';
    this.step = options.step;
    this.output = options.output;
  }
}

/** The registry refused the credentials (or none were given). */
export class RegistryAuthError extends ImageBuilderError {
  readonly registry: string;

  constructor(options: { registry: string; reason: string; cause?: unknown }) {
    super({
      code: 'REGISTRY_AUTH_FAILED',
      message: `Registry ${options.registry} refused the credentials: ${options.reason}`,
      hint:
        `Check the username and password/token for ${options.registry}. ` +
        'In GitHub Actions pushing to ghcr.io with GITHUB_TOKEN, the job needs ' +
        '`permissions: packages: write` (and the package must grant the repository write access).',
      cause: options.cause,
    });
    this.name = 'RegistryAuthError';
    this.registry = options.registry;
  }
}

/** The registry host could not be reached at all (DNS, refused connection, timeout). */
export class RegistryUnreachableError extends ImageBuilderError {
  readonly registry: string;

  constructor(options: { registry: string; reason: string; cause?: unknown }) {
    super({
      code: 'REGISTRY_UNREACHABLE',
      message: `Registry ${options.registry} is unreachable: ${options.reason}`,
      hint: `Check the registry host name and port (${options.registry}) and that the runner can reach it.`,
      cause: options.cause,
    });
    this.name = 'RegistryUnreachableError';
    this.registry = options.registry;
  }
}
