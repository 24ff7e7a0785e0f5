import type { BinIo } from '@swarmlift/core';
import { parseCommandLine } from './args/parse-command-line.js';
import { formatHelp } from './help/format-help.js';
import { VERSION } from './version.js';

/**
 * `swarmlift`: parses the command line and runs one command. Only the
 * argument parser and the help text are loaded here; each command's module
 * (and with it zod, yaml, ssh2, dockerode) is imported when that command
 * runs, so `swarmlift --help` starts as fast as a bare node.
 */
export async function main(io: BinIo): Promise<number> {
  const line = parseCommandLine(io.argv);
  if (line.version) {
    io.stdout.write(`swarmlift ${VERSION}\n`);
    return 0;
  }
  if (line.help || line.command === undefined) {
    io.stdout.write(formatHelp(line.command));
    return 0;
  }
  const { runCommand } = await import('./commands/run-command.js');
  return runCommand(io, line);
}
