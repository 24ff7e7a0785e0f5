import { formatDuration } from './format-duration.js';
import type { RunSummary, StepSummary } from './reporter.js';
import { isFailure } from './summary-lines.js';

const MAX_CELL = 300;

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_CELL ? `${line.slice(0, MAX_CELL - 1)}…` : line;
}

/** Text in a table cell or a line: one line, pipes, backticks and HTML escaped, bounded. */
export function markdownCell(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, "'");
}

/** An inline code span that no backtick in the text can end early. */
export function markdownCode(text: string, inTable = false): string {
  const line = oneLine(text).replace(/`/g, "'");
  return `\`${inTable ? line.replace(/\|/g, '\\|') : line}\``;
}

const statusMark: Record<StepSummary['status'], string> = {
  done: '✅ done',
  skipped: '⏭️ skipped',
  failed: '❌ failed',
  running: '⚠️ did not finish',
};

/**
 * The Markdown appended to $GITHUB_STEP_SUMMARY: the outcome, a table of
 * steps with status and duration, version, image, digest, services with
 * their action, migrations, the static release, and on failure the error's
 * code and message and what serves now. Never logs or values.
 */
export function jobSummaryMarkdown(summary: RunSummary): string {
  const failed = isFailure(summary);
  const out: string[] = [];
  const title = `swarmlift ${summary.command}${summary.stack ? ` — ${summary.stack}` : ''}`;
  out.push(
    `### ${failed ? '❌' : '✅'} ${markdownCell(title)}: ${markdownCell(summary.status)}`,
    '',
  );

  const facts: [string, string | undefined][] = [
    ['Version', summary.version],
    ['Image', summary.image],
    ['Digest', summary.digest],
    ['Static release', summary.staticRelease],
    ['Manager', summary.manager],
  ];
  for (const [name, value] of facts) if (value) out.push(`- **${name}**: ${markdownCode(value)}`);
  out.push(`- **Duration**: ${formatDuration(summary.durationMs)}`);
  out.push(`- **Exit code**: ${summary.exitCode}`);
  if (summary.migrations) {
    out.push(
      `- **Migrations**: ${summary.migrations.length > 0 ? summary.migrations.map((name) => markdownCode(name)).join(', ') : 'none to apply'}`,
    );
  }
  out.push('');

  if (failed) {
    if (summary.error) {
      const code = summary.error.code ? `${markdownCode(summary.error.code)}: ` : '';
      // The first line only: what follows is often a log or a traceback.
      const firstLine = summary.error.message.split(/\r?\n/)[0] ?? '';
      out.push(`> **Error** ${code}${markdownCell(firstLine)}`);
      if (summary.error.hint) out.push('>', `> ${markdownCell(summary.error.hint)}`);
      out.push('');
    }
    if (summary.serving) out.push(`**Serving now**: ${markdownCell(summary.serving)}`, '');
  }

  const steps = summary.steps ?? [];
  if (steps.length > 0) {
    out.push('| Step | Status | Duration | Result |', '| --- | --- | --- | --- |');
    for (const step of steps) {
      out.push(
        `| ${markdownCell(step.title || step.id)} | ${statusMark[step.status]} | ${formatDuration(step.durationMs)} | ${markdownCell(step.detail ?? '')} |`,
      );
    }
    out.push('');
  }

  if (summary.services && summary.services.length > 0) {
    out.push('| Service | Action | Image |', '| --- | --- | --- |');
    for (const service of summary.services) {
      out.push(
        `| ${markdownCell(service.name)} | ${markdownCell(service.action)} | ${service.image ? markdownCode(service.image, true) : ''} |`,
      );
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
