import type { CheckResult } from './check-result.js';

const MARKS: Record<CheckResult['status'], string> = { ok: '✓', failed: '✗', skipped: '–' };
const ID_WIDTH = 15;

/**
 * The lines of one check: `✓ ssh            title: message`, and for a failure
 * or a skip with advice, the hint below it (`→ …`), indented under the message.
 */
export function formatCheckLines(result: CheckResult): string[] {
  const head = `${MARKS[result.status]} ${result.id.padEnd(ID_WIDTH)}${result.title}: ${
    result.status === 'skipped' ? 'skipped, ' : ''
  }${result.message}`;
  const lines = [head];
  if (result.hint && result.status !== 'ok')
    lines.push(`${' '.repeat(ID_WIDTH + 2)}→ ${result.hint}`);
  return lines;
}

/** The closing line: how many checks passed, and which did not. */
export function doctorConclusion(results: readonly CheckResult[]): string {
  const failed = results.filter((result) => result.status === 'failed').map((r) => r.id);
  const skipped = results.filter((result) => result.status === 'skipped').map((r) => r.id);
  const passed = results.length - failed.length - skipped.length;
  if (failed.length === 0 && skipped.length === 0)
    return `All ${results.length} checks passed: a deploy can work.`;
  const parts = [`${passed} of ${results.length} checks passed`];
  if (failed.length > 0) parts.push(`failed: ${failed.join(', ')}`);
  if (skipped.length > 0) parts.push(`skipped: ${skipped.join(', ')}`);
  return `${parts.join('; ')}.`;
}
