import { describe, expect, it } from 'vitest';
import { demux, destinationFrom } from './collect-static.js';

describe('destinationFrom', () => {
  it('reads STATIC_ROOT from the summary line', () => {
    expect(destinationFrom("\n128 static files copied to '/app/staticfiles'.\n")).toBe(
      '/app/staticfiles',
    );
    expect(destinationFrom("0 static files copied to '/srv/s', 128 unmodified.")).toBe('/srv/s');
    expect(destinationFrom("1 static file symlinked to '/x'.")).toBe('/x');
  });
  it('fails with a hint when the line is missing', () => {
    expect(() => destinationFrom('nothing here')).toThrow(
      expect.objectContaining({ code: 'COLLECTSTATIC_FAILED' }),
    );
  });
});

describe('demux', () => {
  it('joins stdout and stderr frames in order', () => {
    const frame = (stream: number, text: string) => {
      const body = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(body.length, 4);
      return Buffer.concat([header, body]);
    };
    expect(demux(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]))).toBe('out\nerr\n');
    expect(demux(Buffer.from('plain tty output'))).toBe('plain tty output');
  });
});
