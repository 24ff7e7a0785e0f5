import { OptionsError } from '@swarmlift/core';
import { describe, expect, it } from 'vitest';
import { collectStatic, demux, destinationFrom } from './collect-static.js';

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

describe('collectStatic options', () => {
  it('are checked before anything runs', async () => {
    const image = collectStatic({ image: 'app:1', remote: undefined as never });
    await expect(image).rejects.toMatchObject({ code: 'OPTIONS_INVALID', field: 'remote' });
    const noImage = collectStatic({ image: '', remote: { docker: {} as never } });
    await expect(noImage).rejects.toMatchObject({ code: 'OPTIONS_INVALID', field: 'image' });
    const timeout = collectStatic({ mode: 'host', timeoutMs: -1 });
    await expect(timeout).rejects.toMatchObject({ code: 'OPTIONS_INVALID', field: 'timeoutMs' });
    expect(OptionsError.isInstance(await timeout.catch((error: unknown) => error))).toBe(true);
  });

  it('an aborted signal stops it before it starts', async () => {
    const events: unknown[] = [];
    const run = collectStatic({
      mode: 'host',
      signal: AbortSignal.abort(),
      onEvent: (event) => events.push(event),
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(events).toEqual([]);
  });
});
