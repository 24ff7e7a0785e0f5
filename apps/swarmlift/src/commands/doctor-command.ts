import { CliError } from '../errors.js';
import type { CommandBody } from './run-command.js';

// Placeholder while the command is being built (issue 15/16); replaced by its implementation.
export const doctorCommand: CommandBody = async () => {
  throw new CliError({
    code: 'CLI_NOT_BUILT',
    category: 'invalid',
    hint: 'Use an earlier command for now.',
    message: 'swarmlift doctor is not built yet.',
  });
};
