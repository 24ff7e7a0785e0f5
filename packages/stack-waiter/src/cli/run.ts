import { type BinIo, exitCodes, reportError, SwarmliftError } from '@swarmlift/core';
import type { Remote } from '@swarmlift/remote';
import packageJson from '../../package.json' with { type: 'json' };
import { formatEvent, formatResult } from '../format-result.js';
import type { StackWaitResult } from '../types.js';
import { HELP, type ParsedWaitArgs, parseWaitArgs } from './parse-wait-args.js';

/**
 * The `swarmlift-wait` bin, run in-process: reads `io`, returns the exit
 * code (0 converged, 1 failed or rolled back, 2 usage, 3 the engine cannot be
 * reached or trusted, 5 timed out, 130 cancelled); never exits.
 */
export async function run(io: BinIo): Promise<number> {
  let parsed: ParsedWaitArgs;
  try {
    parsed = parseWaitArgs(io.argv);
  } catch (error) {
    return reportError(error, io);
  }
  if (parsed.kind === 'help') {
    io.stdout.write(HELP);
    return exitCodes.ok;
  }
  if (parsed.kind === 'version') {
    io.stdout.write(`swarmlift-wait ${packageJson.version}\n`);
    return exitCodes.ok;
  }
  const { args } = parsed;
  let remote: Remote | undefined;
  try {
    const { connect, connectOptionsFromEnv } = await import('@swarmlift/remote');
    // Flags and variables are checked (exit 2) before anything is opened.
    const connectOptions = connectOptionsFromEnv(io.env, args.connect);
    remote = await connect({ ...connectOptions, signal: io.signal });
    const { waitForStack } = await import('../wait-for-stack.js');
    const result = await waitForStack({
      remote,
      stack: args.stack,
      timeoutMs: args.timeoutMs,
      services: args.services,
      rollbackIsSuccess: args.rollbackIsSuccess,
      since: args.since,
      signal: io.signal,
      onEvent: (event) => {
        const line = formatEvent(event);
        if (line !== undefined) io.stderr.write(`${line}\n`);
      },
    });
    io.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
    return exitCodeOfResult(result);
  } catch (error) {
    if (args.json) printJsonError(io, error);
    return reportError(error, io);
  } finally {
    await remote?.close().catch(() => {});
  }
}

/** 0 ok (converged, or rolled back with --rollback-ok), 5 timed out, else 1. */
export function exitCodeOfResult(result: StackWaitResult): number {
  if (result.ok) return exitCodes.ok;
  if (result.status === 'timed_out') return exitCodes.timed_out;
  return exitCodes.failed;
}

function printJsonError(io: BinIo, error: unknown): void {
  const known = SwarmliftError.isInstance(error);
  const body = {
    error: {
      code: known ? error.code : 'UNEXPECTED',
      message: error instanceof Error ? error.message : String(error),
      hint: known ? error.hint : undefined,
    },
  };
  io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
}
