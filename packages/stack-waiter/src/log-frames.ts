/** One line of a container's output. */
export interface LogChunkLine {
  stream: 'stdout' | 'stderr';
  /** Without its line break. */
  text: string;
}

/**
 * Splits the Engine API's log stream into lines as it arrives, chunk by
 * chunk. A non-TTY stream is multiplexed: 8-byte frame headers (stream byte
 * 1 = stdout, 2 = stderr, three zero bytes, big-endian length), and a header
 * or a frame may be cut across chunks; a TTY stream is raw text (`tty: true`).
 * Lines are kept per stream until their line break arrives; `end()` gives the
 * unfinished ones.
 */
export class LogLineSplitter {
  #pending: Buffer = Buffer.alloc(0);
  readonly #partial: Record<LogChunkLine['stream'], string> = { stdout: '', stderr: '' };
  readonly #decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };

  constructor(private readonly tty = false) {}

  /** The complete lines this chunk finishes. */
  push(chunk: Buffer | Uint8Array | string): LogChunkLine[] {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    if (this.tty) return this.#text('stdout', bytes);
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, bytes]) : bytes;
    const lines: LogChunkLine[] = [];
    while (this.#pending.length >= 8) {
      const size = this.#pending.readUInt32BE(4);
      if (this.#pending.length < 8 + size) break;
      const stream = this.#pending[0] === 2 ? 'stderr' : 'stdout';
      lines.push(...this.#text(stream, this.#pending.subarray(8, 8 + size)));
      this.#pending = this.#pending.subarray(8 + size);
    }
    return lines;
  }

  /** The lines left without a final line break. */
  end(): LogChunkLine[] {
    const lines: LogChunkLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.#partial[stream] + this.#decoders[stream].decode();
      this.#partial[stream] = '';
      if (rest !== '') lines.push({ stream, text: rest.replace(/\r$/, '') });
    }
    return lines;
  }

  #text(stream: LogChunkLine['stream'], bytes: Uint8Array): LogChunkLine[] {
    const text = this.#partial[stream] + this.#decoders[stream].decode(bytes, { stream: true });
    const parts = text.split('\n');
    this.#partial[stream] = parts.pop() ?? '';
    return parts.map((line) => ({ stream, text: line.replace(/\r$/, '') }));
  }
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;

/**
 * Lines of `timestamps=1` output sorted by their time (nanoseconds kept),
 * stable: lines of the same time keep their order, and a line without a time
 * stays right after the line before it. The engine sends a task's stdout and
 * stderr as two runs; this puts them back in the order they were written.
 */
export function orderByTime<L extends { text: string }>(lines: readonly L[]): L[] {
  let previous = -1n;
  const keyed = lines.map((line, index) => {
    const match = STAMP.exec(line.text);
    const ms = match ? Date.parse(`${match[1]}${match[3]}`) : Number.NaN;
    if (!match || Number.isNaN(ms)) return { key: previous, index, line };
    previous = BigInt(ms) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
    return { key: previous, index, line };
  });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  return keyed.map((entry) => entry.line);
}
