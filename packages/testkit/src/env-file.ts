/**
 * The `KEY=value` lines of a generated env file (scripts/testenv writes them;
 * bash sources them). A value in double or single quotes loses its quotes
 * (`CLUSTER_NODES="m1 w1"`); everything else is taken as it is.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] === undefined || match[2] === undefined) continue;
    vars[match[1]] = unquote(match[2]);
  }
  return vars;
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  return quoted?.[1] ?? value;
}
