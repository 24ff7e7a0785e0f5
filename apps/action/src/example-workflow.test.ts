import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionInputs } from './action-inputs.js';

const EXAMPLE = readFileSync(
  new URL('../../../examples/django-app/.github/workflows/deploy.yml', import.meta.url),
  'utf8',
);
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The workflow without comment lines and end-of-line comments. */
function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .map((line) => line.replace(/\s+#\s[^"']*$/, ''))
    .join('\n')
    .trim();
}

/** The keys under the swarmlift step's `with:`. */
function swarmliftWithKeys(text: string): string[] {
  const lines = text.split('\n');
  const uses = lines.findIndex((line) => /uses: swarmlift\/swarmlift@/.test(line));
  expect(uses, 'the workflow uses the action').toBeGreaterThan(-1);
  const withLine = lines.findIndex((line, at) => at > uses && /^\s+with:\s*$/.test(line));
  const indent = (lines[withLine]?.match(/^\s*/)?.[0].length ?? 0) + 2;
  const keys: string[] = [];
  for (const line of lines.slice(withLine + 1)) {
    const lead = line.match(/^\s*/)?.[0].length ?? 0;
    if (line.trim() === '') continue;
    if (lead < indent) break;
    const key = lead === indent ? /^\s*([a-z-]+):/.exec(line)?.[1] : undefined;
    if (key) keys.push(key);
  }
  return keys;
}

describe("the example's deploy workflow", () => {
  it('gives the action only inputs action.yml declares', () => {
    const declared = new Set(actionInputs.map((input) => input.name));
    const keys = swarmliftWithKeys(EXAMPLE);
    expect(keys).toContain('env');
    for (const key of keys) expect(declared.has(key), key).toBe(true);
  });

  it('is the workflow the README shows (comments aside)', () => {
    const block = /```yaml\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
    expect(withoutComments(block)).toBe(withoutComments(EXAMPLE));
  });

  it('deploys on pushes to main only, one deploy per stack at a time, with narrowed permissions', () => {
    expect(EXAMPLE).not.toContain('pull_request_target');
    expect(EXAMPLE).toContain("if: github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(EXAMPLE).toMatch(/concurrency:\n\s+group: deploy-shop\n\s+cancel-in-progress: false/);
    expect(EXAMPLE).toMatch(/^permissions:\n {2}contents: read$/m);
  });
});
