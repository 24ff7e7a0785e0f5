import { type ErrorDescription, errorLines } from './describe-error.js';
import type { StepId, StepSummary } from './reporter.js';
import { stepEndLine, stepStartLine } from './step-lines.js';
import type { Style } from './style.js';

/** A step as the presenters see it. */
export interface StepView {
  readonly id: StepId;
  readonly title: string;
  readonly startedAt: number;
  readonly summary: StepSummary;
  errorCode?: string | undefined;
}

/** `warn`: Step/Reporter.warn; `event-warning`: a package's `{ type: 'warning' }` event (already says so). */
export type LineKind = 'event' | 'info' | 'warn' | 'event-warning';

/** How one output mode shows things; the reporter decides what and when. */
export interface Presenter {
  /** A step becomes the one shown (its lines follow until `close`). */
  open(step: StepView): void;
  line(step: StepView | undefined, kind: LineKind, text: string): void;
  close(step: StepView): void;
  block(title: string, text: string): void;
  error(description: ErrorDescription): void;
  /** Lines of the final summary. */
  summary(lines: readonly string[]): void;
  /** The steps running now (the live line on a terminal). */
  running(steps: readonly StepView[]): void;
  /** Stops timers and clears the live line. */
  dispose(): void;
}

/** Splits on line ends (CRLF, LF), dropping the one empty piece after a final newline. */
export function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Plain lines (CI logs, pipes): a start line and an end line with the
 * duration per step, its lines indented under it, blocks verbatim.
 * `out` redacts and writes to the human stream.
 */
export class PlainPresenter implements Presenter {
  constructor(
    protected readonly out: (text: string) => void,
    protected readonly style: Style,
  ) {}

  /** Writes our own or foreign text (one or more whole lines). */
  protected emit(text: string): void {
    this.out(text);
  }

  open(step: StepView): void {
    this.emit(`${stepStartLine(step.id, step.title, this.style)}\n`);
  }

  line(step: StepView | undefined, kind: LineKind, text: string): void {
    const indent = step ? '  ' : '';
    const lines = splitLines(text);
    const prefix = kind === 'warn' ? `${this.style.yellow('warning')}: ` : '';
    this.emit(
      lines.map((line, index) => `${indent}${index === 0 ? prefix : ''}${line}\n`).join(''),
    );
  }

  close(step: StepView): void {
    this.emit(`${stepEndLine({ ...step.summary, errorCode: step.errorCode }, this.style)}\n`);
  }

  block(title: string, text: string): void {
    const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    this.emit(`${title ? `${this.style.bold(`${title}:`)}\n` : ''}${body}`);
  }

  error(description: ErrorDescription): void {
    const [first = '', ...rest] = errorLines(description);
    const head = first.startsWith('error') ? `${this.style.red('error')}${first.slice(5)}` : first;
    this.emit(`${[head, ...rest].join('\n')}\n`);
  }

  summary(lines: readonly string[]): void {
    if (lines.length === 0) return;
    this.emit(`${lines.join('\n')}\n`);
  }

  running(_steps: readonly StepView[]): void {}

  dispose(): void {}
}
