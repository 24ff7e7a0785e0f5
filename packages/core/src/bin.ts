import { type ParseArgsConfig, parseArgs } from 'node:util';
import { exitCodeOf, exitCodes, SwarmliftError } from './errors.js';

/** Something a bin writes text to (process.stdout, or a buffer in tests). */
export interface TextOut {
  write(chunk: string): unknown;
  /** True when it is a terminal, so a bin may use colour or redraw lines. */
  isTTY?: boolean | undefined;
}

/** Everything a bin reads from and writes to, so it runs the same in a test and in a process. */
export interface BinIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: TextOut;
  stderr: TextOut;
  /** Aborts on SIGINT/SIGTERM under `runBin`. */
  signal?: AbortSignal | undefined;
}

/** A bin's whole behaviour: read `io`, return the exit code; never calls process.exit. */
export type BinMain = (io: BinIo) => Promise<number>;

const USAGE_BRAND = Symbol.for('swarmlift.usage-error');

/**
 * A bad flag or argument of a bin: exit 2 with the usage line. Not a library
 * error, so it has no code; functions throw `OptionsError` instead.
 */
export class UsageError extends Error {
  /** The usage line to print under the message, if any. */
  readonly usage: string | undefined;
  declare readonly [USAGE_BRAND]: true;

  constructor(message: string, options: { usage?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, USAGE_BRAND, { value: true, enumerable: false });
    this.name = 'UsageError';
    this.usage = options.usage;
  }

  static isInstance(error: unknown): error is UsageError {
    return typeof error === 'object' && error !== null && USAGE_BRAND in error;
  }
}

/** What `parseBinArgs` returns: `values` typed from the option config, and `positionals`. */
export type BinArgs<T extends NonNullable<ParseArgsConfig['options']>> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>
>;

/**
 * node's `util.parseArgs` (strict), with its errors turned into a
 * `UsageError` that names the flag, and `usage` attached for the message.
 */
export function parseBinArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: T,
  config: { allowPositionals?: boolean; usage?: string } = {},
): BinArgs<T> {
  try {
    return parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: config.allowPositionals ?? false,
    }) as BinArgs<T>;
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify .*$/s, '.') : String(error);
    throw new UsageError(
      message,
      config.usage === undefined ? { cause: error } : { usage: config.usage, cause: error },
    );
  }
}

/**
 * Prints any error the way every bin does — `error [CODE]: message` and
 * `hint: …`, or the usage line for a UsageError — and returns its exit code.
 * Unexpected errors print their stack, which never holds a secret value.
 */
export function reportError(error: unknown, io: Pick<BinIo, 'stderr'>): number {
  if (UsageError.isInstance(error)) {
    io.stderr.write(`error: ${error.message}\n${error.usage ? `usage: ${error.usage}\n` : ''}`);
    return exitCodes.invalid;
  }
  if (SwarmliftError.isInstance(error)) {
    io.stderr.write(`error [${error.code}]: ${error.message}\n`);
    if (error.hint) io.stderr.write(`hint: ${error.hint}\n`);
    return exitCodeOf(error);
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`error: unexpected failure (a bug; please report it):\n${text}\n`);
  return exitCodes.failed;
}

/**
 * Runs `main` as the process: argv without node and the script, the real
 * env and streams, SIGINT/SIGTERM abort the signal (a second one exits 130
 * at once), and the exit code becomes `process.exitCode`.
 */
export function runBin(main: BinMain): void {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals > 1) process.exit(exitCodes.cancelled);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  })
    .catch((error: unknown) => reportError(error, { stderr: process.stderr }))
    .then((code) => {
      process.exitCode = code;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    });
}
