/**
 * The job summary when the action's own inputs are invalid and the CLI never
 * ran: Markdown in the CLI's style, the problems as they were annotated (they
 * name inputs, keys and line numbers, never values).
 */
export function invalidInputsSummary(problems: readonly string[]): string {
  return [
    '### ❌ swarmlift deploy: invalid inputs',
    '',
    ...problems.map((problem) => `- ${problem.replace(/\r?\n/g, ' ')}`),
    '',
    '- **Exit code**: 2 — nothing was deployed.',
    '',
  ].join('\n');
}
