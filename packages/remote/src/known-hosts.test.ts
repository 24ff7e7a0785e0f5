import { describe, expect, it } from 'vitest';
import { entryMatches, knownHostsName, parseKnownHosts } from './known-hosts.js';
import { fingerprintOf } from './ssh-key-blob.js';

// Made with ssh-keygen -t ed25519 and ssh-keygen -H (OpenSSH 9.2); the fingerprint is what ssh-keygen -lf printed.
const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAID5Y65sdXGcwayfjL/I/7mkTthzSwmF6A+JRPdRe74EW';
const FINGERPRINT = 'SHA256:d/sYzAqtRB5h7tC/C0e55ufuAv1IiLcEohlECl76PQk';
const HASHED_2222 = `|1|8NuIauStQBXFYSw3lgr5xxbDxNc=|LH+aTqWtjuLU5aml11qRDwxfW3Y= ssh-ed25519 ${KEY}`;
const HASHED_22 = `|1|PrDGJ/BGljj1JDgTFry37yG5Mio=|M4GFGQRfSp5pz4z1iVBfCd+Bjhg= ssh-ed25519 ${KEY}`;

describe('parseKnownHosts', () => {
  it('reads plain and hashed lines, skipping comments, blanks and CA lines', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        '',
        `manager.example.com,10.0.0.5 ssh-ed25519 ${KEY} deploy key`,
        HASHED_2222,
        `@cert-authority *.example.com ssh-ed25519 ${KEY}`,
        `@revoked old.example.com ssh-ed25519 ${KEY}`,
      ].join('\r\n'),
      '/home/ci/.ssh/known_hosts',
    );
    expect(entries.map((e) => [e.hosts.slice(0, 12), e.marker, e.where])).toEqual([
      ['manager.exam', undefined, '/home/ci/.ssh/known_hosts:3'],
      ['|1|8NuIauStQ', undefined, '/home/ci/.ssh/known_hosts:4'],
      ['old.example.', 'revoked', '/home/ci/.ssh/known_hosts:6'],
    ]);
    expect(fingerprintOf(entries[0]?.key ?? Buffer.alloc(0))).toBe(FINGERPRINT);
  });

  it('names the file and line of a malformed entry', () => {
    expect(() => parseKnownHosts(`ok ssh-ed25519 ${KEY}\nbroken ssh-ed25519`, 'kh')).toThrow(
      expect.objectContaining({
        code: 'SSH_HOST_KEY_PIN_INVALID',
        message: expect.stringContaining('kh:2'),
      }),
    );
    expect(() => parseKnownHosts(`host ssh-rsa ${KEY}`)).toThrow(
      /not valid base64 of a ssh-rsa public key/,
    );
    expect(() => parseKnownHosts(`@marker host ssh-ed25519 ${KEY}`)).toThrow(
      /unknown marker @marker/,
    );
  });
});

describe('entryMatches', () => {
  const match = (line: string, host: string, port: number) => {
    const [entry] = parseKnownHosts(line);
    if (!entry) throw new Error('no entry');
    return entryMatches(entry, knownHostsName(host, port));
  };

  it('matches hashed entries like ssh does, with [host]:port for other ports', () => {
    expect(match(HASHED_2222, 'manager.example.com', 2222)).toBe(true);
    expect(match(HASHED_2222, 'manager.example.com', 22)).toBe(false);
    expect(match(HASHED_22, 'manager.example.com', 22)).toBe(true);
    expect(match(HASHED_22, 'other.example.com', 22)).toBe(false);
  });

  it('matches patterns: lists, wildcards, negation, case', () => {
    expect(match(`a.example.com,b.example.com ssh-ed25519 ${KEY}`, 'b.example.com', 22)).toBe(true);
    expect(match(`*.example.com ssh-ed25519 ${KEY}`, 'Deep.Sub.Example.com', 22)).toBe(true);
    expect(match(`10.0.0.? ssh-ed25519 ${KEY}`, '10.0.0.7', 22)).toBe(true);
    expect(match(`10.0.0.? ssh-ed25519 ${KEY}`, '10.0.0.17', 22)).toBe(false);
    expect(match(`*.example.com,!bad.example.com ssh-ed25519 ${KEY}`, 'bad.example.com', 22)).toBe(
      false,
    );
    expect(match(`[10.0.0.5]:2222 ssh-ed25519 ${KEY}`, '10.0.0.5', 2222)).toBe(true);
    expect(match(`10.0.0.5 ssh-ed25519 ${KEY}`, '10.0.0.5', 2222)).toBe(false);
  });
});
