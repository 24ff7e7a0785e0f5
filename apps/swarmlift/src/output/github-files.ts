import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import type { RunSummary } from './reporter.js';

/** A fresh heredoc delimiter for a file command, as the runner expects. */
export function randomDelimiter(): string {
  return `ghadelimiter_${randomUUID()}`;
}

/**
 * One `name<<DELIMITER` entry for $GITHUB_OUTPUT (multi-line safe). Throws
 * when the name or value contains the delimiter (pick another one).
 */
export function fileCommandEntry(name: string, value: string, delimiter: string): string {
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error('the delimiter occurs in the name or value');
  }
  if (/[\r\n]/.test(name) || name === '') throw new Error('an output name is one non-empty line');
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** The step outputs: `version`, `image`, `digest`, `status`, `duration` (seconds, one decimal); empty when unknown. */
export function outputEntries(summary: RunSummary): [string, string][] {
  return [
    ['version', summary.version ?? ''],
    ['image', summary.image ?? ''],
    ['digest', summary.digest ?? ''],
    ['status', summary.status],
    ['duration', (Math.max(0, summary.durationMs) / 1000).toFixed(1)],
  ];
}

/** Renders every entry with its own random delimiter. */
export function renderOutputs(
  entries: readonly [string, string][],
  delimiter: () => string = randomDelimiter,
): string {
  return entries
    .map(([name, value]) => {
      for (let attempt = 0; ; attempt++) {
        const candidate = delimiter();
        if (!name.includes(candidate) && !value.includes(candidate)) {
          return fileCommandEntry(name, value, candidate);
        }
        if (attempt > 10) throw new Error('no usable delimiter');
      }
    })
    .join('');
}

/** Appends text to a file named by the runner ($GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY). */
export async function appendTo(file: string, text: string): Promise<void> {
  await appendFile(file, text, { encoding: 'utf8' });
}
