import { SwarmDeployerError } from '../errors.js';
import { type ComposeErrorCode, composeErrorCodes } from './compose-error-codes.js';

export { type ComposeErrorCode, composeErrorCodes };

/** One thing wrong with a compose file, located as precisely as the file allows. */
export interface ComposeProblem {
  /** Absolute path of the compose (or env) file. */
  file: string;
  /** 1-based; 0 when the problem has no place in a file (e.g. a missing file). */
  line: number;
  column: number;
  /** Dotted path, e.g. `services.django.deploy.replicas`; '' for the whole file. */
  path: string;
  message: string;
}

const hints: Record<ComposeErrorCode, string> = {
  COMPOSE_FILE_NOT_FOUND:
    'Check the -c/--compose-file path (relative paths start at the current directory).',
  COMPOSE_YAML_INVALID:
    'Fix the YAML syntax at the place shown (indentation, quotes, a missing ":").',
  COMPOSE_INVALID:
    'Fix each field listed; the keys and types are those `docker stack deploy` accepts.',
  COMPOSE_INTERPOLATION_FAILED:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose syntax shown to the user
    'Set the variable in the environment of the deploy (or give a default with ${VAR:-default}); write $$ for a literal $.',
  COMPOSE_ENV_FILE_INVALID:
    'Create the env_file (paths are relative to the project directory, the folder of the first compose file) or fix the line shown.',
};

/** `file:line:column` (or just `file` when there is no line). */
export function formatLocation(problem: Pick<ComposeProblem, 'file' | 'line' | 'column'>): string {
  return problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
}

function formatProblem(problem: ComposeProblem): string {
  const where = formatLocation(problem);
  return problem.path
    ? `${where}: ${problem.path}: ${problem.message}`
    : `${where}: ${problem.message}`;
}

/**
 * A compose file that cannot be loaded. Carries every problem found (not just
 * the first); `file`, `line`, `column` and `path` are those of the first.
 * Messages name places and keys, never env values. Its category is `invalid`
 * (exit code 2): the input is at fault.
 */
export class ComposeError extends SwarmDeployerError<ComposeErrorCode> {
  static override readonly brand: string = 'swarmlift/swarm-deployer/ComposeError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly problems: readonly ComposeProblem[];

  constructor(options: {
    code: ComposeErrorCode;
    problems: ComposeProblem[];
    hint?: string;
    cause?: unknown;
  }) {
    const [first] = options.problems;
    if (!first) throw new TypeError('ComposeError needs at least one problem');
    const message =
      options.problems.length === 1
        ? formatProblem(first)
        : `${options.problems.length} problems in the compose file:\n${options.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`;
    super({
      code: options.code,
      message,
      hint: options.hint ?? hints[options.code],
      cause: options.cause,
      category: 'invalid',
    });
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.path = first.path;
    this.problems = options.problems;
  }
}
