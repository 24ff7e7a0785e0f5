/** What kind of failure an error is; decides a bin's exit code (see `exitCodes`). */
export type ErrorCategory =
  | 'failed'
  | 'invalid'
  | 'unreachable'
  | 'lock_held'
  | 'timed_out'
  | 'cancelled';

/** The exit code of every swarmlift bin, by outcome. */
export const exitCodes = {
  ok: 0,
  failed: 1,
  invalid: 2,
  unreachable: 3,
  lock_held: 4,
  timed_out: 5,
  cancelled: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

// The brands an error carries, keyed by a symbol from the global registry so that
// every copy of this package (two versions in one node_modules) sees the same key.
const BRANDS = Symbol.for('swarmlift.error.brands');

export interface SwarmliftErrorOptions<Code extends string> {
  code: Code;
  message: string;
  /** What the user should do about it. */
  hint: string;
  cause?: unknown;
  /** Decides the exit code; default `failed`. */
  category?: ErrorCategory | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: a constructor of any error class
type ErrorClass = abstract new (...args: any[]) => SwarmliftError;

/**
 * Base of every error a swarmlift package throws. `code` is stable across
 * releases, `hint` says what to do, `category` decides the exit code.
 *
 * Each subclass declares its own `static override readonly brand`
 * (`swarmlift/<package>/<ClassName>`); an instance carries the brands of its
 * class and all its parents, so `X.isInstance(e)` is true exactly for X and
 * its subclasses, across duplicated copies of a package, and narrows to X.
 */
export class SwarmliftError<Code extends string = string> extends Error {
  static readonly brand: string = 'swarmlift/core/SwarmliftError';

  readonly code: Code;
  readonly hint: string;
  readonly category: ErrorCategory;
  declare readonly [BRANDS]: readonly string[];

  constructor(options: SwarmliftErrorOptions<Code>) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    const brands = brandsOf(new.target);
    Object.defineProperty(this, BRANDS, { value: brands, enumerable: false });
    this.name = nameOfBrand(brands[0] ?? SwarmliftError.brand);
    this.code = options.code;
    this.hint = options.hint;
    this.category = options.category ?? 'failed';
  }

  /** True for an instance of this class or a subclass, from any copy of the package. */
  static isInstance<T extends ErrorClass>(this: T, error: unknown): error is InstanceType<T> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass it is called on; that is the point
    const brand = (this as unknown as { brand: string }).brand;
    if (typeof error !== 'object' || error === null) return false;
    const brands = (error as { [BRANDS]?: unknown })[BRANDS];
    return Array.isArray(brands) && brands.includes(brand);
  }

  /** True for an instance of this class whose code is one of `codes`. */
  static hasCode<T extends ErrorClass>(
    this: T,
    error: unknown,
    ...codes: InstanceType<T>['code'][]
  ): error is InstanceType<T> {
    return (
      (SwarmliftError.isInstance as (this: T, e: unknown) => e is InstanceType<T>).call(
        // biome-ignore lint/complexity/noThisInStatic: the subclass it is called on
        this,
        error,
      ) && codes.includes((error as SwarmliftError).code)
    );
  }
}

function brandsOf(target: unknown): string[] {
  const brands: string[] = [];
  for (let cls = target; typeof cls === 'function'; cls = Object.getPrototypeOf(cls)) {
    const brand = (cls as { brand?: unknown }).brand;
    if (typeof brand === 'string' && Object.hasOwn(cls, 'brand')) brands.push(brand);
    if (cls === SwarmliftError) break;
  }
  return brands;
}

function nameOfBrand(brand: string): string {
  return brand.slice(brand.lastIndexOf('/') + 1);
}

/**
 * Throws when one of `classes` does not declare a brand of its own (it would
 * then share its parent's, and `isInstance` would no longer be exact). For
 * each package's unit tests.
 */
export function assertOwnBrands(classes: readonly ErrorClass[]): void {
  const seen = new Map<string, string>();
  for (const cls of classes) {
    if (!Object.hasOwn(cls, 'brand')) throw new Error(`${cls.name} has no static brand of its own`);
    const brand = (cls as unknown as { brand: string }).brand;
    const other = seen.get(brand);
    if (other !== undefined) throw new Error(`${cls.name} and ${other} share the brand ${brand}`);
    seen.set(brand, cls.name);
  }
}

/** An option that is missing, malformed or out of range; nothing was touched. */
export class OptionsError extends SwarmliftError<'OPTIONS_INVALID'> {
  static override readonly brand: string = 'swarmlift/core/OptionsError';
  /** The option, flag or variable at fault, e.g. `stack` or `credentials[0].registry`. */
  readonly field: string;

  constructor(options: { field: string; message: string; hint: string; cause?: unknown }) {
    super({
      code: 'OPTIONS_INVALID',
      message: `${options.field}: ${options.message}`,
      hint: options.hint,
      cause: options.cause,
      category: 'invalid',
    });
    this.field = options.field;
  }
}

/** The caller's signal aborted the call; what the call started was cleaned up. */
export class CancelledError extends SwarmliftError<'CANCELLED'> {
  static override readonly brand: string = 'swarmlift/core/CancelledError';

  constructor(options: { message?: string; hint?: string; cause?: unknown } = {}) {
    super({
      code: 'CANCELLED',
      message: options.message ?? 'Cancelled',
      hint: options.hint ?? 'The operation was cancelled by its caller; run it again to finish it.',
      cause: options.cause,
      category: 'cancelled',
    });
  }
}

/** The call did not finish within its `timeoutMs`; what it started was cleaned up. */
export class TimedOutError extends SwarmliftError<'TIMED_OUT'> {
  static override readonly brand: string = 'swarmlift/core/TimedOutError';
  readonly timeoutMs: number;

  constructor(options: { what: string; timeoutMs: number; hint?: string; cause?: unknown }) {
    super({
      code: 'TIMED_OUT',
      message: `${options.what} did not finish within ${options.timeoutMs} ms`,
      hint: options.hint ?? 'Check that the server answers, or allow more time with timeoutMs.',
      cause: options.cause,
      category: 'timed_out',
    });
    this.timeoutMs = options.timeoutMs;
  }
}

/** The caller's cancellation or a time limit: `CancelledError` or `TimedOutError`. */
export function isAbortError(error: unknown): error is CancelledError | TimedOutError {
  return CancelledError.isInstance(error) || TimedOutError.isInstance(error);
}

/**
 * Core's errors that every package passes on as they are, never wrapped:
 * `OptionsError`, `CancelledError`, `TimedOutError`.
 */
export function isPassThroughError(
  error: unknown,
): error is OptionsError | CancelledError | TimedOutError {
  return OptionsError.isInstance(error) || isAbortError(error);
}

/** The exit code for `error`: its category's code, or 1 for anything else. */
export function exitCodeOf(error: unknown): ExitCode {
  if (SwarmliftError.isInstance(error)) return exitCodes[error.category];
  return exitCodes.failed;
}

/** The codes core's own errors use; other packages must not reuse them. */
export const coreErrorCodes = [
  'OPTIONS_INVALID',
  'CANCELLED',
  'TIMED_OUT',
  'REGISTRY_CREDENTIALS_INVALID',
  'IMAGE_REF_INVALID',
] as const;
export type CoreErrorCode = (typeof coreErrorCodes)[number];
