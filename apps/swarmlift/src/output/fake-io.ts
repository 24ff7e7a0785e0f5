// Test helpers: streams that keep every byte written (not part of the public API).

export class CaptureStream {
  readonly chunks: string[] = [];
  columns: number | undefined;

  constructor(readonly isTTY = false) {}

  write(chunk: string): boolean {
    if (typeof chunk !== 'string') throw new Error('the reporter writes strings');
    this.chunks.push(chunk);
    return true;
  }

  get text(): string {
    return this.chunks.join('');
  }

  get lines(): string[] {
    const text = this.text;
    return text === '' ? [] : text.replace(/\n$/, '').split('\n');
  }
}

export interface FakeIo {
  stdout: CaptureStream;
  stderr: CaptureStream;
  env: Record<string, string | undefined>;
}

export function fakeIo(
  env: Record<string, string | undefined> = {},
  options: { tty?: boolean } = {},
): FakeIo {
  return {
    stdout: new CaptureStream(options.tty ?? false),
    stderr: new CaptureStream(options.tty ?? false),
    env,
  };
}

/** A clock that moves only when told to. */
export function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

const ESC = String.fromCharCode(27);
const COLOUR = new RegExp(`${ESC}\\[\\d*m`, 'g');

/** The text without SGR colour codes. */
export function stripColour(text: string): string {
  return text.replace(COLOUR, '');
}

/** True when the text holds an SGR colour code. */
export function hasColour(text: string): boolean {
  return new RegExp(`${ESC}\\[\\d*m`).test(text);
}

/**
 * What a terminal shows after `text` (colours dropped): `\r` returns to the
 * line start, `ESC[2K` clears the line, `\n` ends it, other characters
 * overwrite at the cursor.
 */
export function screen(text: string): string {
  const lines: string[] = [];
  let current: string[] = [];
  let column = 0;
  const plain = stripColour(text);
  for (let i = 0; i < plain.length; i++) {
    const char = plain[i] as string;
    if (plain.startsWith(`${ESC}[2K`, i)) {
      current = [];
      i += 3;
    } else if (char === '\r') column = 0;
    else if (char === '\n') {
      lines.push(current.join(''));
      current = [];
      column = 0;
    } else if (char === ESC) throw new Error(`unexpected escape sequence at ${i}`);
    else {
      current[column] = char;
      column++;
    }
  }
  return [...lines, current.join('')].join('\n');
}
