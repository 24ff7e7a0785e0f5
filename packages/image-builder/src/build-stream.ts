import { ImageBuildError } from './errors.js';
import type { BuildEvent } from './events.js';
import { lineError } from './json-lines.js';

/** How many output lines of the failing step an `ImageBuildError` keeps. */
export const FAILURE_TAIL_LINES = 20;

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
/** The legacy builder's warnings, e.g. `[Warning] One or more build-args [X] were not consumed`. */
const WARNING = /^\[Warning\]\s+(.+)$/i;

/**
 * Checks every line of a legacy-builder `/build` stream. `push(line)` turns
 * it into events and throws `ImageBuildError` on an `error`/`errorDetail`
 * line (naming the failing step and its last output); `finish()` returns the
 * image ID, or throws when the stream ended without one.
 */
export class BuildStreamChecker {
  private step: { number: number; instruction: string; label: string } | undefined;
  private tail: string[] = [];
  private partial = '';
  private imageId: string | undefined;

  constructor(private readonly emit: (event: BuildEvent) => void = () => {}) {}

  push(line: Record<string, unknown>): void {
    const error = lineError(line);
    if (error !== undefined) {
      this.flushPartial();
      throw new ImageBuildError({
        reason: error.trim(),
        step: this.step?.label,
        output: this.tail.slice(-FAILURE_TAIL_LINES),
      });
    }
    const aux = line.aux as { ID?: unknown } | undefined;
    if (aux && typeof aux.ID === 'string') this.imageId = aux.ID;
    if (typeof line.stream === 'string') this.text(line.stream);
    else if (typeof line.status === 'string') {
      // Base image pull progress (`pull: true`): one line per layer status.
      const id = typeof line.id === 'string' ? `${line.id}: ` : '';
      this.output(`${id}${line.status}`);
    }
  }

  finish(): string {
    this.flushPartial();
    if (this.imageId === undefined) {
      const built = this.tail
        .map((l) => /^Successfully built ([0-9a-f]{12,64})$/.exec(l)?.[1])
        .find(Boolean);
      if (built) return built;
      throw new ImageBuildError({
        reason: 'the build stream ended without an image ID',
        step: this.step?.label,
        output: this.tail.slice(-FAILURE_TAIL_LINES),
      });
    }
    return this.imageId;
  }

  private text(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const raw of lines) this.handle(raw.replace(/\r$/, ''));
  }

  private flushPartial(): void {
    if (this.partial !== '') this.handle(this.partial);
    this.partial = '';
  }

  private handle(line: string): void {
    const step = STEP.exec(line);
    if (step) {
      const number = Number(step[1]);
      const instruction = step[3] ?? '';
      this.step = { number, instruction, label: `step ${number}/${step[2]} (${instruction})` };
      this.tail = [];
      this.emit({ type: 'build_step', step: number, total: Number(step[2]), instruction });
      return;
    }
    if (line.trim() === '---> Using cache' && this.step) {
      this.emit({ type: 'build_step_cached', step: this.step.number });
    }
    if (line.trim() === '') return;
    const warning = WARNING.exec(line);
    if (warning?.[1]) {
      this.emit({
        type: 'warning',
        code: 'IMAGE_BUILD_WARNING',
        message: warning[1].trim(),
        step: this.step?.number,
      });
    }
    this.output(line);
  }

  private output(line: string): void {
    this.tail.push(line);
    if (this.tail.length > FAILURE_TAIL_LINES * 2) this.tail.splice(0, FAILURE_TAIL_LINES);
    this.emit({ type: 'build_output', step: this.step?.number, line });
  }
}
