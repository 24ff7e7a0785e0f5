import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendTo,
  fileCommandEntry,
  outputEntries,
  randomDelimiter,
  renderOutputs,
} from './github-files.js';

/** Reads a GITHUB_OUTPUT file back the way the runner does. */
function parseOutputs(text: string): Record<string, string> {
  const lines = text.split('\n');
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match?.[1] || !match[2]) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i] ?? '');
    out[match[1]] = value.join('\n');
  }
  return out;
}

describe('GitHub file commands', () => {
  it('writes name<<DELIMITER, the value, the delimiter', () => {
    expect(fileCommandEntry('version', 'abc1234', 'ghadelimiter_x')).toBe(
      'version<<ghadelimiter_x\nabc1234\nghadelimiter_x\n',
    );
  });

  it('refuses a delimiter found in the value, and a multi-line name', () => {
    expect(() => fileCommandEntry('a', 'x DELIM y', 'DELIM')).toThrow();
    expect(() => fileCommandEntry('a\nb', 'x', 'DELIM')).toThrow();
  });

  it('draws random delimiters and retries one that occurs in the value', () => {
    expect(randomDelimiter()).toMatch(/^ghadelimiter_[0-9a-f-]{36}$/);
    expect(randomDelimiter()).not.toBe(randomDelimiter());
    const delimiters = ['EVIL', 'SAFE'];
    const text = renderOutputs([['x', 'a\nEVIL\nb']], () => delimiters.shift() ?? 'LAST');
    expect(text).toBe('x<<SAFE\na\nEVIL\nb\nSAFE\n');
  });

  it('lists version, image, digest, status and duration (seconds), empty when unknown', () => {
    expect(
      outputEntries({
        command: 'deploy',
        status: 'failed',
        exitCode: 1,
        durationMs: 61_234,
        version: 'abc1234',
      }),
    ).toEqual([
      ['version', 'abc1234'],
      ['image', ''],
      ['digest', ''],
      ['status', 'failed'],
      ['duration', '61.2'],
    ]);
  });

  it('appends multi-line values that read back intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swarmlift-out-'));
    try {
      const file = join(dir, 'output');
      await appendTo(file, 'earlier=1\n');
      await appendTo(
        file,
        renderOutputs([
          ['image', 'r/x:1'],
          ['note', 'two\nlines'],
        ]),
      );
      const text = await readFile(file, 'utf8');
      expect(text.startsWith('earlier=1\n')).toBe(true);
      expect(parseOutputs(text)).toEqual({ image: 'r/x:1', note: 'two\nlines' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
