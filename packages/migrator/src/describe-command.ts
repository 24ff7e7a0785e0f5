import { quoteArgv } from '@swarmlift/remote';

/**
 * The command as a shell would need it typed (`sh -c 'echo a; exit 3'`), for
 * messages: argv joined with spaces hides where one argument ends.
 */
export function describeCommand(argv: readonly string[]): string {
  try {
    return quoteArgv(argv);
  } catch {
    // quoteArgv refuses an empty argv or a NUL byte; a message still needs something readable.
    return JSON.stringify(argv);
  }
}
