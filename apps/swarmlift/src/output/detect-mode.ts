/** How the reporter prints, decided once from the environment and the human stream. */
export interface OutputMode {
  /** A live, redrawn progress line (an interactive terminal, not CI). */
  tty: boolean;
  /** ANSI colours on our own marks. */
  color: boolean;
  /** GitHub Actions workflow commands, job summary and step outputs. */
  github: boolean;
  /** SWARMLIFT_DEBUG=1: stacks of unexpected errors. */
  debug: boolean;
}

export interface DetectModeInput {
  env: Readonly<Record<string, string | undefined>>;
  /** Whether the human stream (stderr) is a terminal. */
  isTTY: boolean | undefined;
  /** `false` for `--no-color`. */
  color?: boolean | undefined;
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * Plain lines in CI (CI or GITHUB_ACTIONS set), when the stream is not a
 * terminal or TERM=dumb; a live line otherwise. Colour is off with NO_COLOR
 * (any non-empty value, no-color.org) or `--no-color`, forced with
 * FORCE_COLOR, and otherwise on for a terminal and for GitHub Actions logs
 * (which render ANSI colours).
 */
export function detectMode(input: DetectModeInput): OutputMode {
  const { env } = input;
  const github = env.GITHUB_ACTIONS === 'true';
  const ci = github || isSet(env.CI);
  const dumb = env.TERM === 'dumb';
  const tty = input.isTTY === true && !ci && !dumb;
  let color: boolean;
  if (input.color === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) color = false;
  else if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') color = isSet(env.FORCE_COLOR);
  else color = tty || github;
  return { tty, color, github, debug: env.SWARMLIFT_DEBUG === '1' };
}
