import { describe, expect, it } from 'vitest';
import { demultiplex, splitLines } from './task-logs.js';

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
