import { redact } from '@swarmlift/env-writer/env-file';

const TRACEBACK_HEADER = /^Traceback \(most recent call last\):/;
const TRACEBACK_FRAME = /^\s+File "/;
const MAX_TAIL = 300;

export type LogStream = 'stdout' | 'stderr';
export type OnLog = (line: string, stream: LogStream) => void;

/**
 * Turns Docker's multiplexed log stream (8-byte frame headers, as sent for
 * containers without a TTY) into lines, keeps them all, and hands each one to
 * `onLog` as it arrives. Lines are counted per stream so a later complete
 * read can fill in what a followed stream had not delivered yet.
 */
export class LogCollector {
  private readonly lines: string[] = [];
  private readonly counts: Record<LogStream, number> = { stdout: 0, stderr: 0 };
  private readonly partial: Record<LogStream, string> = { stdout: '', stderr: '' };
  private readonly streamsText: Record<LogStream, string[]> = { stdout: [], stderr: [] };
  private pending: Buffer = Buffer.alloc(0);
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly onLog: OnLog | undefined,
    private readonly secrets: readonly string[] = [],
  ) {}

  /** The text with every secret value replaced by `***`. */
  hide(text: string): string {
    return this.secrets.length ? redact(text, this.secrets) : text;
  }

  /** Feeds raw bytes of a multiplexed stream. */
  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream: LogStream = this.pending[0] === 2 ? 'stderr' : 'stdout';
      this.text(stream, this.decoder.decode(this.pending.subarray(8, 8 + size)));
      this.pending = this.pending.subarray(8 + size);
    }
  }

  /** Lines received so far on each stream (complete lines only). */
  received(): Record<LogStream, number> {
    return { ...this.counts };
  }

  /**
   * Adds the lines of a complete, non-followed read that come after the ones
   * already received on each stream.
   */
  fillFrom(complete: Buffer, already: Record<LogStream, number>): void {
    const other = new LogCollector(undefined);
    other.push(complete);
    other.flush();
    const seen = { ...already };
    for (const { stream, line } of other.ordered) {
      if (seen[stream] > 0) {
        seen[stream]--;
        continue;
      }
      this.emit(stream, line);
    }
  }

  /** Ends unterminated last lines (a command that exits without a final newline). */
  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) {
        const line = this.partial[stream];
        this.partial[stream] = '';
        this.emit(stream, line);
      }
    }
  }

  /** Drops unterminated text, so a later `fillFrom` does not count it twice. */
  discardPartial(): void {
    this.partial.stdout = '';
    this.partial.stderr = '';
    this.pending = Buffer.alloc(0);
  }

  get all(): readonly string[] {
    return this.lines;
  }

  text(stream: LogStream, text: string): void {
    const parts = (this.partial[stream] + text).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const line of parts) this.emit(stream, line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  /** The last `count` lines, a Python traceback kept whole (see `tailOf`). */
  tail(count: number): string[] {
    return tailOf(this.lines, count);
  }

  stream(stream: LogStream): string {
    return this.streamsText[stream].join('\n');
  }

  private readonly ordered: { stream: LogStream; line: string }[] = [];

  private emit(stream: LogStream, raw: string): void {
    const line = this.secrets.length ? redact(raw, this.secrets) : raw;
    this.counts[stream]++;
    this.lines.push(line);
    this.streamsText[stream].push(line);
    this.ordered.push({ stream, line });
    this.onLog?.(line, stream);
  }
}

/**
 * The last `count` lines; when they hold part of a Python traceback, from its
 * "Traceback (most recent call last):" line on (up to 300 lines), so an error
 * shows the whole traceback and not just its deepest frames.
 */
export function tailOf(lines: readonly string[], count: number): string[] {
  let start = Math.max(0, lines.length - count);
  const shown = lines.slice(start);
  if (
    shown.some((line) => TRACEBACK_FRAME.test(line)) &&
    !shown.some((line) => TRACEBACK_HEADER.test(line))
  ) {
    for (let i = start - 1; i >= Math.max(0, lines.length - MAX_TAIL); i--) {
      if (TRACEBACK_HEADER.test(lines[i] ?? '')) {
        start = i;
        break;
      }
    }
  }
  return lines.slice(start);
}
