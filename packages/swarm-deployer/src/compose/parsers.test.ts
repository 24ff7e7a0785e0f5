// The small parsers that mirror Go libraries the CLI uses.
import { describe, expect, it } from 'vitest';
import { parseByteSize, parseNanoCpus } from './parse-byte-size.js';
import { parseDuration } from './parse-duration.js';
import { parsePortSpec } from './parse-port-spec.js';
import { parseVolumeSpec } from './parse-volume-spec.js';
import { splitShellWords } from './split-shell-words.js';

describe('parseDuration (Go time.ParseDuration)', () => {
  it.each([
    ['10s', 10e9],
    ['1m30s', 90e9],
    ['1.5h', 5400e9],
    ['300ms', 300e6],
    ['2us', 2000],
    ['0', 0],
    ['1h2m3s4ms', 3723004e6],
  ])('%s → %d ns', (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });
  it.each(['', '10', 's', '1x', '1.s5', '10 s'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseByteSize (go-units RAMInBytes) and parseNanoCpus', () => {
  it.each([
    ['512m', 512 * 1024 ** 2],
    ['64M', 64 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1gb', 1024 ** 3],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['1024', 1024],
    ['10k', 10240],
  ])('%s → %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });
  it.each(['', 'm', '1x', '-1m', '1 mb b'])('rejects %j', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
  it('reads CPUs as whole nano-CPUs', () => {
    expect(parseNanoCpus('0.5')).toBe(500_000_000);
    expect(parseNanoCpus(2)).toBe(2_000_000_000);
    expect(parseNanoCpus('0.000000001')).toBe(1);
    expect(parseNanoCpus('0.0000000001')).toBeUndefined();
    expect(parseNanoCpus('half')).toBeUndefined();
  });
});

describe('splitShellWords (google/shlex)', () => {
  it.each([
    ['sleep 3600', ['sleep', '3600']],
    ['  a   b  ', ['a', 'b']],
    [`echo 'a b' "c d"`, ['echo', 'a b', 'c d']],
    [String.raw`a\ b "x\"y" 'it''s'`, ['a b', 'x"y', 'its']],
    ['run # a comment', ['run']],
    ['a#b', ['a#b']],
    ['', []],
  ])('%j', (text, words) => {
    expect(splitShellWords(text)).toEqual(words);
  });
  it('rejects an unclosed quote', () => {
    expect(splitShellWords('echo "a')).toBeUndefined();
    expect(splitShellWords("echo 'a")).toBeUndefined();
  });
});

describe('parsePortSpec (short syntax)', () => {
  it('reads published:target/protocol, ranges and bare targets as ingress ports', () => {
    expect(parsePortSpec('8080:80')).toEqual([
      { protocol: 'tcp', target: 80, published: 8080, mode: 'ingress' },
    ]);
    expect(parsePortSpec('127.0.0.1:53:53/udp')).toEqual([
      { protocol: 'udp', target: 53, published: 53, mode: 'ingress' },
    ]);
    expect(parsePortSpec('9000')).toEqual([
      { protocol: 'tcp', target: 9000, published: 0, mode: 'ingress' },
    ]);
    expect(parsePortSpec('9000-9001:8000-8001')).toEqual([
      { protocol: 'tcp', target: 8000, published: 9000, mode: 'ingress' },
      { protocol: 'tcp', target: 8001, published: 9001, mode: 'ingress' },
    ]);
  });
  it.each(['80/icmp', 'abc', '70000', '1-2:3-5'])('rejects %j', (spec) => {
    expect(typeof parsePortSpec(spec)).toBe('string');
  });
});

describe('parseVolumeSpec (short syntax)', () => {
  it('tells bind mounts from named and anonymous volumes', () => {
    expect(parseVolumeSpec('/data')).toEqual({ type: 'volume', target: '/data' });
    expect(parseVolumeSpec('db:/var/lib/db')).toEqual({
      type: 'volume',
      source: 'db',
      target: '/var/lib/db',
    });
    expect(parseVolumeSpec('./conf:/etc/conf:ro')).toEqual({
      type: 'bind',
      source: './conf',
      target: '/etc/conf',
      read_only: true,
    });
    expect(parseVolumeSpec('~/x:/x:rw,rslave')).toEqual({
      type: 'bind',
      source: '~/x',
      target: '/x',
      read_only: false,
      bind: { propagation: 'rslave' },
    });
    expect(parseVolumeSpec('cache:/cache:nocopy,z')).toEqual({
      type: 'volume',
      source: 'cache',
      target: '/cache',
      volume: { nocopy: true },
    });
  });
  it('reads a one-letter source before ":" as a Windows drive, like the CLI', () => {
    expect(parseVolumeSpec('c:/data:/data')).toEqual({
      type: 'bind',
      source: 'c:/data',
      target: '/data',
    });
  });
  it.each(['', 'ab::cd', 'ab:cd:ef:gh'])('rejects %j', (spec) => {
    expect(typeof parseVolumeSpec(spec)).toBe('string');
  });
});
