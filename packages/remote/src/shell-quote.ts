import { RemoteError } from './errors.js';
import { emptyCommandError } from './exec-errors.js';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes one argument for a POSIX shell: as is when plainly safe, else in single quotes. */
export function quoteArg(arg: string): string {
  if (arg.includes('\0')) {
    throw new RemoteError({
      code: 'REMOTE_COMMAND_FAILED',
      message: 'A command argument contains a NUL byte, which no shell can pass on.',
      hint: 'Remove the NUL byte, or send the data on stdin.',
    });
  }
  if (SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Turns an argv array into one command line that the remote login shell splits back exactly. */
export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0 || argv[0] === '') throw emptyCommandError();
  return argv.map(quoteArg).join(' ');
}

/**
 * A command line that first reads one line from stdin holding the base64 of
 * `export NAME='value'` statements, evaluates it, then runs `argv`. Values
 * therefore travel inside the encrypted stdin stream and never appear in a
 * process argument list on either machine (sshd would refuse most `env`
 * requests anyway: AcceptEnv).
 */
export function commandWithEnv(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
): {
  command: string;
  header: Buffer;
} {
  const exports = Object.entries(env).map(([name, value]) => {
    if (!ENV_NAME.test(name)) {
      throw new RemoteError({
        code: 'REMOTE_COMMAND_FAILED',
        message: `"${name}" is not a valid environment variable name.`,
        hint: 'Use letters, digits and underscores, not starting with a digit.',
      });
    }
    return `export ${name}=${quoteArg(value)}\n`;
  });
  const header = Buffer.from(`${Buffer.from(exports.join('')).toString('base64')}\n`);
  const command =
    'IFS= read -r __swarmlift_env && eval "$(printf %s "$__swarmlift_env" | base64 -d)" && unset __swarmlift_env && exec ' +
    quoteArgv(argv);
  return { command, header };
}
