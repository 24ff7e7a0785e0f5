import { describe, expect, it } from 'vitest';
import { demultiplex, orderLogLines, splitLines } from './task-logs.js';

function frame(stream: number, text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('demultiplex', () => {
  it('strips the frame headers of stdout and stderr frames', () => {
    const raw = Buffer.concat([frame(1, 'starting\n'), frame(2, 'fatal: no config\n')]);
    expect(splitLines(demultiplex(raw))).toEqual(['starting', 'fatal: no config']);
  });

  it('returns a TTY stream (no headers) as it is', () => {
    expect(demultiplex(Buffer.from('plain text output\r\nnext\n'))).toBe(
      'plain text output\r\nnext\n',
    );
  });
});

describe('orderLogLines', () => {
  it("puts a task's stderr lines back between its stdout lines (Swarm's log broker sends them as two runs)", () => {
    // As GET /tasks/{id}/logs?timestamps=1 answered for a task that wrote out/err alternately.
    const raw = Buffer.concat([
      frame(1, '2026-11-28T13:12:56.157879869Z out 1\n'),
      frame(1, '2026-11-28T13:12:56.159513729Z out 2\n'),
      frame(1, '2026-11-28T13:12:56.160171840Z out 3\n'),
      frame(2, '2026-11-28T13:12:56.160094425Z err 1\n'),
      frame(2, '2026-11-28T13:12:56.160186918Z err 2\n'),
    ]);
    expect(orderLogLines(splitLines(demultiplex(raw)))).toEqual([
      'out 1',
      'out 2',
      'err 1',
      'out 3',
      'err 2',
    ]);
  });

  it('compares fractions of any length (RFC 3339 drops trailing zeros) and other zones', () => {
    expect(
      orderLogLines([
        '2024-05-01T12:00:00.5Z b',
        '2024-05-01T12:00:00.123456789Z a',
        '2024-05-01T14:00:01+02:00 d',
        '2024-05-01T12:00:00.9Z c',
      ]),
    ).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps lines of the same time in order, a line without a time after the one before it, and the text after the first space', () => {
    expect(
      orderLogLines([
        '2024-05-01T12:00:01Z second  with  spaces',
        'no time here',
        '2024-05-01T12:00:00Z first',
        '2024-05-01T12:00:00Z first too',
        '2024-05-01T12:00:02Z ',
      ]),
    ).toEqual(['first', 'first too', 'second  with  spaces', 'no time here', '']);
  });
});
