import { describe, expect, it } from 'vitest';
import { LogCollector, type LogStream } from './log-collector.js';

/** One frame of Docker's multiplexed stream: 1 = stdout, 2 = stderr. */
function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('LogCollector', () => {
  it('splits frames into lines per stream, even when a chunk cuts a header or a character', () => {
    const seen: [string, LogStream][] = [];
    const logs = new LogCollector((line, stream) => seen.push([line, stream]));
    const bytes = Buffer.concat([frame(1, 'hello\nwor'), frame(2, 'oops\r\n'), frame(1, 'ld ✓\n')]);
    for (let i = 0; i < bytes.length; i += 3) logs.push(bytes.subarray(i, i + 3));
    expect(seen).toEqual([
      ['hello', 'stdout'],
      ['oops', 'stderr'],
      ['world ✓', 'stdout'],
    ]);
    expect(logs.stream('stdout')).toBe('hello\nworld ✓');
    expect(logs.received()).toEqual({ stdout: 2, stderr: 1 });
  });

  it('flushes a last line without a newline', () => {
    const logs = new LogCollector(undefined);
    logs.push(frame(1, 'a\nb'));
    expect(logs.all).toEqual(['a']);
    logs.flush();
    expect(logs.all).toEqual(['a', 'b']);
  });

  it('fills in from a complete read only the lines the followed stream had not delivered', () => {
    const seen: string[] = [];
    const logs = new LogCollector((line) => seen.push(line));
    logs.push(frame(1, 'one\ntwo\npart'));
    logs.push(frame(2, 'err1\n'));
    const already = logs.received();
    logs.discardPartial();
    logs.fillFrom(
      Buffer.concat([frame(1, 'one\ntwo\npartial\nthree\n'), frame(2, 'err1\nerr2\n')]),
      already,
    );
    expect(seen).toEqual(['one', 'two', 'err1', 'partial', 'three', 'err2']);
  });

  it('hides secret values before anyone sees a line', () => {
    const seen: string[] = [];
    const logs = new LogCollector((line) => seen.push(line), ['s3cr3t-pw']);
    logs.push(frame(1, 'connecting with s3cr3t-pw\n'));
    expect(seen).toEqual(['connecting with ***']);
    expect(logs.all).toEqual(['connecting with ***']);
  });

  it("extends the tail back to a traceback's first line", () => {
    const logs = new LogCollector(undefined);
    const frames = Array.from(
      { length: 40 },
      (_, i) => `  File "x.py", line ${i}, in f\n    call()\n`,
    ).join('');
    logs.push(frame(2, `noise\nTraceback (most recent call last):\n${frames}RuntimeError: boom\n`));
    const tail = logs.tail(10);
    expect(tail[0]).toBe('Traceback (most recent call last):');
    expect(tail.at(-1)).toBe('RuntimeError: boom');
    expect(logs.tail(1)).toEqual(['RuntimeError: boom']);
  });
});
