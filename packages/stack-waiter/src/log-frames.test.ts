import { describe, expect, it } from 'vitest';
import { LogLineSplitter, orderByTime } from './log-frames.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('LogLineSplitter', () => {
  it('splits multiplexed frames into stdout and stderr lines', () => {
    const splitter = new LogLineSplitter();
    const lines = splitter.push(Buffer.concat([frame(1, 'one\ntwo\n'), frame(2, 'oops\n')]));
    expect(lines).toEqual([
      { stream: 'stdout', text: 'one' },
      { stream: 'stdout', text: 'two' },
      { stream: 'stderr', text: 'oops' },
    ]);
  });

  it('joins a header and a frame cut across chunks, byte by byte', () => {
    const splitter = new LogLineSplitter();
    const bytes = Buffer.concat([frame(1, 'héllo wörld\r\n'), frame(2, 'second\n')]);
    const lines = [];
    for (const byte of bytes) lines.push(...splitter.push(Buffer.from([byte])));
    expect(lines).toEqual([
      { stream: 'stdout', text: 'héllo wörld' },
      { stream: 'stderr', text: 'second' },
    ]);
  });

  it('keeps a line without its line break until it is finished, per stream', () => {
    const splitter = new LogLineSplitter();
    expect(splitter.push(frame(1, 'par'))).toEqual([]);
    expect(splitter.push(frame(2, 'err\n'))).toEqual([{ stream: 'stderr', text: 'err' }]);
    expect(splitter.push(frame(1, 'tial\nrest'))).toEqual([{ stream: 'stdout', text: 'partial' }]);
    expect(splitter.end()).toEqual([{ stream: 'stdout', text: 'rest' }]);
    expect(splitter.end()).toEqual([]);
  });

  it('reads a TTY stream as plain stdout text', () => {
    const splitter = new LogLineSplitter(true);
    expect(splitter.push('a\nb')).toEqual([{ stream: 'stdout', text: 'a' }]);
    expect(splitter.end()).toEqual([{ stream: 'stdout', text: 'b' }]);
  });
});

describe('orderByTime', () => {
  it('puts stdout and stderr runs back in the order written, stable, nanoseconds kept', () => {
    const lines = [
      { stream: 'stdout', text: '2026-11-28T10:00:00.000000001Z a' },
      { stream: 'stdout', text: '2026-11-28T10:00:02Z c' },
      { stream: 'stdout', text: 'no time: stays after c' },
      { stream: 'stderr', text: '2026-11-28T10:00:00.000000002Z b' },
      { stream: 'stderr', text: '2026-11-28T10:00:02Z d (same time as c: after it)' },
    ];
    expect(orderByTime(lines).map((line) => line.text.split(' ').at(1))).toEqual([
      'a',
      'b',
      'c',
      'time:',
      'd',
    ]);
  });
});
