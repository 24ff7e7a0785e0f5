import type Dockerode from 'dockerode';

/**
 * The last `tail` lines of a task's stdout and stderr, through the manager
 * (`GET /tasks/{id}/logs`), so it works for tasks on any node, in the order
 * the task wrote them. Empty when the engine no longer has the task's
 * container.
 */
export async function taskLogs(
  docker: Dockerode,
  taskId: string,
  tail: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const task = docker.getTask(taskId) as unknown as {
    logs(options: object): Promise<Buffer | NodeJS.ReadableStream>;
  };
  let raw: Buffer;
  try {
    // Swarm's log broker sends a task's stdout lines and its stderr lines as
    // two runs, not interleaved as written: ask for each line's time to put
    // them back in order.
    const result = await task.logs({
      stdout: true,
      stderr: true,
      tail,
      follow: false,
      timestamps: true,
      ...(signal ? { abortSignal: signal } : {}),
    });
    raw = Buffer.isBuffer(result) ? result : await collect(result);
  } catch {
    return [];
  }
  return orderLogLines(splitLines(demultiplex(raw))).slice(-tail);
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Removes the 8-byte frame headers of a non-TTY log stream (stream byte,
 * three zero bytes, big-endian length). A TTY stream has none and is
 * returned as it is.
 */
export function demultiplex(raw: Buffer): string {
  if (!looksMultiplexed(raw)) return raw.toString('utf8');
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const size = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

function looksMultiplexed(raw: Buffer): boolean {
  if (raw.length < 8) return false;
  const stream = raw[0] ?? 255;
  return stream <= 2 && raw[1] === 0 && raw[2] === 0 && raw[3] === 0;
}

export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

const TIMESTAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) (.*)$/s;

/**
 * Lines of `timestamps=1` log output (`<RFC 3339 time> <text>`) sorted by
 * their time, the timestamps removed. The sort is stable: lines of the same
 * time keep their order, and a line without a time stays after the one
 * before it.
 */
export function orderLogLines(lines: readonly string[]): string[] {
  let previous = -1n;
  const keyed = lines.map((line, index) => {
    const match = TIMESTAMPED.exec(line);
    if (!match) return { key: previous, index, text: line };
    const [, seconds = '', fraction = '', zone = 'Z', text = ''] = match;
    const ms = Date.parse(`${seconds}${zone}`);
    if (Number.isNaN(ms)) return { key: previous, index, text: line };
    previous = BigInt(ms) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
    return { key: previous, index, text };
  });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  return keyed.map((line) => line.text);
}
