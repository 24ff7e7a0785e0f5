// The sections that cannot fail: extra_hosts, ulimits, networks, secrets and
// configs, logging, the legacy restart.
import { describe, expect, it } from 'vitest';
import { normalizeExtraHosts } from './normalize-extra-hosts.js';
import { normalizeFileReferences } from './normalize-file-references.js';
import { normalizeLegacyRestart } from './normalize-legacy-restart.js';
import { normalizeLogging } from './normalize-logging.js';
import { normalizeServiceNetworks } from './normalize-service-networks.js';
import { normalizeUlimits } from './normalize-ulimits.js';

describe('normalizeExtraHosts', () => {
  it('keeps a list as written', () => {
    expect(normalizeExtraHosts(['b:1.2.3.4', 'a:::1'])).toEqual(['b:1.2.3.4', 'a:::1']);
  });
  it('sorts a mapping into host:ip entries and drops null addresses', () => {
    expect(normalizeExtraHosts({ b: '1.2.3.4', a: '::1', c: null })).toEqual([
      'a:::1',
      'b:1.2.3.4',
    ]);
    expect(normalizeExtraHosts(undefined)).toEqual([]);
  });
});

describe('normalizeUlimits', () => {
  it('a number is a single limit, a mapping soft and hard', () => {
    expect(normalizeUlimits({ nproc: 5, nofile: { soft: 1, hard: 2 } })).toEqual({
      nproc: { single: 5 },
      nofile: { soft: 1, hard: 2 },
    });
    expect(normalizeUlimits(undefined)).toEqual({});
  });
});

describe('normalizeServiceNetworks', () => {
  it('a list names networks without options', () => {
    expect(normalizeServiceNetworks(['front', 'back'])).toEqual({ front: null, back: null });
  });
  it('a mapping keeps aliases and turns driver options into text', () => {
    expect(
      normalizeServiceNetworks({
        front: { aliases: ['a'], driver_opts: { mtu: 1400 } },
        back: null,
      }),
    ).toEqual({ front: { aliases: ['a'], driver_opts: { mtu: '1400' } }, back: null });
  });
  it('no networks: undefined (the service joins "default")', () => {
    expect(normalizeServiceNetworks(undefined)).toBeUndefined();
  });
});

describe('normalizeFileReferences', () => {
  it('a name becomes { source }, a mapping is copied', () => {
    const long = { source: 's2', target: 't', mode: 0o400 };
    const result = normalizeFileReferences(['s1', long]);
    expect(result).toEqual([{ source: 's1' }, long]);
    expect(result[1]).not.toBe(long);
    expect(normalizeFileReferences(undefined)).toEqual([]);
  });
});

describe('normalizeLogging', () => {
  it('option values become text; no options stay undefined', () => {
    expect(normalizeLogging({ driver: 'json-file', options: { 'max-file': 3 } })).toEqual({
      driver: 'json-file',
      options: { 'max-file': '3' },
    });
    expect(normalizeLogging({ driver: 'local', options: null })).toStrictEqual({
      driver: 'local',
      options: undefined,
    });
    expect(normalizeLogging(undefined)).toBeUndefined();
  });
});

describe('normalizeLegacyRestart', () => {
  it('is the text of the value, undefined for null or absent', () => {
    expect(normalizeLegacyRestart('on-failure:3')).toBe('on-failure:3');
    expect(normalizeLegacyRestart(false)).toBe('false');
    expect(normalizeLegacyRestart(null)).toBeUndefined();
    expect(normalizeLegacyRestart(undefined)).toBeUndefined();
  });
});
