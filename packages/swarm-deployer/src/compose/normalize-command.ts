// command: and entrypoint: → argv. A string is split as a shell would (the
// CLI's shellwords), a list is kept, null means "not set".
import type { Normalized, Path } from './path-problem.js';
import { splitShellWords } from './split-shell-words.js';

export function normalizeCommand(
  value: string | string[] | null | undefined,
  path: Path,
): Normalized<string[] | undefined> {
  if (value === undefined || value === null) return { value: undefined, problems: [] };
  if (Array.isArray(value)) return { value, problems: [] };
  const words = splitShellWords(value);
  return {
    value: words,
    problems: words ? [] : [{ path, message: 'unclosed quote or trailing backslash' }],
  };
}
