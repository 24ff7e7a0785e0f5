import { formatDuration } from './format-duration.js';
import type { StepId, StepSummary } from './reporter.js';
import type { Style } from './style.js';

/** Step ids are padded to the longest one (`settings`) so the text lines up. */
export const STEP_ID_WIDTH = 8;

const plain = (text: string): string => text;

function label(id: StepId): string {
  return id.padEnd(STEP_ID_WIDTH);
}

/** `→ build     Build and push the image` */
export function stepStartLine(id: StepId, title: string, style?: Style): string {
  const arrow = style ? style.cyan('→') : '→';
  return `${arrow} ${label(id)}  ${title}`;
}

/**
 * `✓ build     pushed … (4.1 s)`, `– static    skipped: reason`,
 * `✗ wait      failed [CODE] (30.0 s)`, `! migrate   did not finish (2.0 s)`.
 */
export function stepEndLine(
  step: StepSummary & { errorCode?: string | undefined },
  style?: Style,
): string {
  const s = style ?? { green: plain, red: plain, yellow: plain, dim: plain };
  const time = s.dim(`(${formatDuration(step.durationMs)})`);
  switch (step.status) {
    case 'done':
      return `${s.green('✓')} ${label(step.id)}  ${step.detail || step.title} ${time}`;
    case 'skipped':
      return `${s.dim('–')} ${label(step.id)}  skipped: ${step.detail ?? ''}`.trimEnd();
    case 'failed': {
      const code = step.errorCode ? ` [${step.errorCode}]` : '';
      const detail = step.detail ? `: ${step.detail}` : '';
      return `${s.red('✗')} ${label(step.id)}  failed${code}${detail} ${time}`;
    }
    case 'running':
      return `${s.yellow('!')} ${label(step.id)}  did not finish ${time}`;
  }
}
