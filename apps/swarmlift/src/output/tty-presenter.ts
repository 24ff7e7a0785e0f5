import { formatDuration } from './format-duration.js';
import { type LineKind, PlainPresenter, type StepView } from './presenter.js';
import { STEP_ID_WIDTH } from './step-lines.js';
import type { Style } from './style.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Clears the current terminal line and returns to its start. */
export const CLEAR_LINE = '\r\x1b[2K';
/** Redraws of the live line at most every this many ms (~10/s). */
export const REDRAW_MS = 100;

export interface TtyPresenterOptions {
  out: (text: string) => void;
  style: Style;
  redact: (text: string) => string;
  now: () => number;
  /** The terminal's width (the live line is cut to fit, so clearing it works). */
  columns: () => number;
}

/** The live line's text (unstyled) for the running steps. */
export function liveText(steps: readonly StepView[], now: number, frame: number): string {
  const spinner = FRAMES[frame % FRAMES.length] ?? '-';
  const [only] = steps;
  if (steps.length === 1 && only) {
    return `${spinner} ${only.id.padEnd(STEP_ID_WIDTH)}  ${only.title}  ${formatDuration(now - only.startedAt)}`;
  }
  return `${spinner} ${steps.map((step) => `${step.id} ${formatDuration(now - step.startedAt)}`).join(' · ')}`;
}

/**
 * An interactive terminal: one live line for the running step(s) with the
 * elapsed time, redrawn by a timer (unref'd, stopped when nothing runs and
 * on dispose); finished steps and every other line are written above it as
 * permanent lines. A step's start line is written only when it has lines of
 * its own — otherwise the live line stands for it.
 */
export class TtyPresenter extends PlainPresenter {
  private steps: readonly StepView[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private live = false;
  private frame = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private readonly headerPending = new Set<StepView>();

  constructor(private readonly options: TtyPresenterOptions) {
    super(options.out, options.style);
  }

  protected override emit(text: string): void {
    this.out(this.live ? `${CLEAR_LINE}${text}` : text);
    this.live = false;
  }

  override open(step: StepView): void {
    this.headerPending.add(step);
  }

  override line(step: StepView | undefined, kind: LineKind, text: string): void {
    if (step && this.headerPending.delete(step)) super.open(step);
    super.line(step, kind, text);
  }

  override close(step: StepView): void {
    this.headerPending.delete(step);
    super.close(step);
  }

  override running(steps: readonly StepView[]): void {
    this.steps = steps;
    if (steps.length === 0) {
      this.stop();
      return;
    }
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), REDRAW_MS);
      this.timer.unref?.();
      // At once, unless a line was drawn just now (many short steps in a row).
      if (this.options.now() - this.lastDraw >= REDRAW_MS) this.draw();
    }
  }

  private draw(): void {
    if (this.steps.length === 0) return;
    const { redact, columns, now, style } = this.options;
    // Redact before cutting to the width: a cut must never leave half a secret.
    const time = now();
    this.lastDraw = time;
    const text = redact(liveText(this.steps, time, this.frame++));
    const width = Math.max(10, columns() - 1);
    const chars = [...text];
    const fitted = chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text;
    const styled = style.enabled ? `${style.cyan(fitted.slice(0, 1))}${fitted.slice(1)}` : fitted;
    this.out(`${CLEAR_LINE}${styled}`);
    this.live = true;
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.live) this.out(CLEAR_LINE);
    this.live = false;
  }

  override dispose(): void {
    this.steps = [];
    this.stop();
    this.headerPending.clear();
  }
}
