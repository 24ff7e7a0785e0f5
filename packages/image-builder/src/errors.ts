import { type ErrorCategory, SwarmliftError } from '@swarmlift/core';

/** Every code an `ImageBuilderError` can carry; unique across the swarmlift packages. */
export const imageBuilderErrorCodes = [
  'IMAGE_BUILD_FAILED',
  'IMAGE_PUSH_FAILED',
  'IMAGE_CONTEXT_INVALID',
  'IMAGE_VERSION_UNRESOLVED',
  'IMAGE_ENGINE_UNREACHABLE',
  'REGISTRY_AUTH_FAILED',
  'REGISTRY_UNREACHABLE',
  'REGISTRY_ERROR',
] as const;

export type ImageBuilderErrorCode = (typeof imageBuilderErrorCodes)[number];

/** The exit-code category of each code (see `exitCodes` in `@swarmlift/core`). */
const CATEGORY: Record<ImageBuilderErrorCode, ErrorCategory> = {
  IMAGE_BUILD_FAILED: 'failed',
  IMAGE_PUSH_FAILED: 'failed',
  IMAGE_CONTEXT_INVALID: 'invalid',
  IMAGE_VERSION_UNRESOLVED: 'invalid',
  IMAGE_ENGINE_UNREACHABLE: 'unreachable',
  REGISTRY_AUTH_FAILED: 'invalid',
  REGISTRY_UNREACHABLE: 'unreachable',
  REGISTRY_ERROR: 'failed',
};

/**
 * Base class of every error this package throws (besides core's
 * `OptionsError`, `CancelledError`, `TimedOutError`, `ImageReferenceError`
 * and `RegistryCredentialsError`, which pass as they are). `code` is stable
 * across releases; `hint` tells the user what to do; `category` follows from
 * the code. Messages never contain a password, token or auth header.
 */
export class ImageBuilderError<
  C extends ImageBuilderErrorCode = ImageBuilderErrorCode,
> extends SwarmliftError<C> {
  static override readonly brand: string = 'swarmlift/image-builder/ImageBuilderError';

  constructor(options: {
    code: C;
    message: string;
    hint: string;
    cause?: unknown;
    category?: ErrorCategory | undefined;
  }) {
    super({ ...options, category: options.category ?? CATEGORY[options.code] ?? 'failed' });
  }
}

/** The build stream carried an error: `step` is the failing instruction, `output` its last lines. */
export class ImageBuildError extends ImageBuilderError<'IMAGE_BUILD_FAILED'> {
  static override readonly brand: string = 'swarmlift/image-builder/ImageBuildError';
  readonly step: string | undefined;
  readonly output: readonly string[];

  constructor(options: {
    reason: string;
    step?: string | undefined;
    output: readonly string[];
    cause?: unknown;
  }) {
    const where = options.step ? ` at ${options.step}` : '';
    const tail = options.output.length
      ? `\nlast output:\n${options.output.map((line) => `  | ${line}`).join('\n')}`
      : '';
    super({
      code: 'IMAGE_BUILD_FAILED',
      message: `Image build failed${where}: ${options.reason}${tail}`,
      hint: options.step
        ? 'Fix the Dockerfile instruction named above; its last output lines are shown.'
        : 'Check the Dockerfile and the engine (docker info, its log); the engine’s message is shown above.',
      cause: options.cause,
    });
    this.step = options.step;
    this.output = options.output;
  }
}

/** The registry refused the credentials (or none were given). */
export class RegistryAuthError extends ImageBuilderError<'REGISTRY_AUTH_FAILED'> {
  static override readonly brand: string = 'swarmlift/image-builder/RegistryAuthError';
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
    this.registry = options.registry;
  }
}

/** The registry host could not be reached at all (DNS, refused connection, reset). */
export class RegistryUnreachableError extends ImageBuilderError<'REGISTRY_UNREACHABLE'> {
  static override readonly brand: string = 'swarmlift/image-builder/RegistryUnreachableError';
  readonly registry: string;

  constructor(options: { registry: string; reason: string; cause?: unknown }) {
    super({
      code: 'REGISTRY_UNREACHABLE',
      message: `Registry ${options.registry} is unreachable: ${options.reason}`,
      hint: `Check the registry host name and port (${options.registry}) and that this machine can reach it.`,
      cause: options.cause,
    });
    this.registry = options.registry;
  }
}
