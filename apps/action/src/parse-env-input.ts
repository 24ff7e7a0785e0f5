/** One problem of the `env` input: where it is and what is wrong, never a value. */
export interface EnvInputProblem {
  line: number;
  message: string;
}

export interface ParsedEnvInput {
  /** Each variable in order of appearance; a repeated key keeps its last value. */
  entries: Map<string, string>;
  problems: EnvInputProblem[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads the `env` input: `KEY=VALUE` per line (the value is everything after
 * the first `=`, taken literally: no quotes are removed, no `$` expanded),
 * `KEY<<DELIMITER` … `DELIMITER` for a multi-line value (as $GITHUB_ENV
 * does), blank lines and `#` comments skipped. Problems name the line and
 * the key, never a value (a value may be a secret).
 */
export function parseEnvInput(text: string): ParsedEnvInput {
  const entries = new Map<string, string>();
  const problems: EnvInputProblem[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;

    const heredoc = /^([^=\s<]+)\s*<<\s*(\S+)$/.exec(line);
    if (heredoc && !line.includes('=')) {
      const key = heredoc[1] as string;
      const delimiter = heredoc[2] as string;
      const end = lines.findIndex((candidate, at) => at > index && candidate.trim() === delimiter);
      if (end === -1) {
        problems.push({
          line: lineNumber,
          message: `${describeKey(key)}: no line ${delimiter} closes the multi-line value`,
        });
        break;
      }
      if (!KEY.test(key)) problems.push({ line: lineNumber, message: badKey(key) });
      else entries.set(key, lines.slice(index + 1, end).join('\n'));
      index = end;
      continue;
    }

    const equals = raw.indexOf('=');
    if (equals === -1) {
      problems.push({
        line: lineNumber,
        message: 'not `KEY=VALUE` (or `KEY<<EOF` … `EOF` for a multi-line value)',
      });
      continue;
    }
    const key = raw.slice(0, equals).trim();
    if (!KEY.test(key)) {
      problems.push({ line: lineNumber, message: badKey(key) });
      continue;
    }
    entries.set(key, raw.slice(equals + 1));
  }
  return { entries, problems };
}

function badKey(key: string): string {
  if (key === '') return 'the key before = is empty';
  return 'the key is not a variable name (letters, digits and _, not starting with a digit)';
}

/** A valid key is shown as written; anything else could be part of a value. */
function describeKey(key: string): string {
  return KEY.test(key) ? key : 'the key';
}
