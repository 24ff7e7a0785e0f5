import type { TextOut } from '@swarmlift/core';
import type { RunContext } from '../pipeline/run-context.js';

/**
 * The run's stdout: the command's own output (log lines), apart from the
 * reporter's lines on stderr. `io.stdout` once the context
 * carries it; the process's until then.
 */
export function commandOutput(context: RunContext): TextOut {
  return (context as RunContext & { stdout?: TextOut }).stdout ?? process.stdout;
}
