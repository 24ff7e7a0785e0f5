import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { loadHostKeyPolicy, parseFingerprint } from './host-key-policy.js';
import { fingerprintOf } from './ssh-key-blob.js';

function publicBlob(type: 'ed25519' | 'rsa' | 'ecdsa'): Buffer {
  const pair =
    type === 'rsa'
      ? ssh2.utils.generateKeyPairSync('rsa', { bits: 2048 })
      : type === 'ecdsa'
        ? ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 })
        : ssh2.utils.generateKeyPairSync('ed25519');
  return Buffer.from(pair.public.split(' ')[1] ?? '', 'base64');
}

const ed = publicBlob('ed25519');
const rsa = publicBlob('rsa');
const other = publicBlob('ed25519');
const line = (blob: Buffer, host = '[10.0.0.5]:2222') =>
  `${host} ${blob.subarray(4, 4 + blob.readUInt32BE(0)).toString()} ${blob.toString('base64')}`;
const policy = (hostKey: Parameters<typeof loadHostKeyPolicy>[0]['hostKey']) =>
  loadHostKeyPolicy({ hostKey, host: '10.0.0.5', port: 2222 });

describe('parseFingerprint', () => {
  it('reads bare fingerprints and whole ssh-keygen -lf lines', () => {
    expect(parseFingerprint('SHA256:d/sYzAqtRB5h7tC/C0e55ufuAv1IiLcEohlECl76PQk')).toEqual({
      fingerprint: 'SHA256:d/sYzAqtRB5h7tC/C0e55ufuAv1IiLcEohlECl76PQk',
      keyType: undefined,
    });
    expect(
      parseFingerprint(
        '256 SHA256:d/sYzAqtRB5h7tC/C0e55ufuAv1IiLcEohlECl76PQk root@host (ED25519)\n',
      ),
    ).toMatchObject({
      keyType: 'ssh-ed25519',
    });
    expect(
      parseFingerprint('256 SHA256:d/sYzAqtRB5h7tC/C0e55ufuAv1IiLcEohlECl76PQk x (ECDSA)').keyType,
    ).toBe('ecdsa-sha2-nistp256');
  });

  it('rejects MD5 and garbage with a hint', () => {
    expect(() => parseFingerprint('MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48')).toThrow(
      expect.objectContaining({
        code: 'SSH_HOST_KEY_PIN_INVALID',
        hint: expect.stringContaining('-E sha256'),
      }),
    );
    expect(() => parseFingerprint('not a fingerprint')).toThrow(/not a SHA256 fingerprint/);
  });
});

describe('loadHostKeyPolicy', () => {
  it('accepts the pinned key by fingerprint or known_hosts line', async () => {
    const byFingerprint = await policy({ fingerprint: fingerprintOf(ed) });
    expect(byFingerprint.check(ed, new Set())).toMatchObject({
      ok: true,
      keyType: 'ssh-ed25519',
      trustedOnFirstUse: false,
    });
    const byLine = await policy({ knownHosts: line(ed) });
    expect(byLine.check(ed, new Set())).toMatchObject({ ok: true, fingerprint: fingerprintOf(ed) });
  });

  it('refuses another key with both fingerprints, and asks for a retry only for untried pinned types', async () => {
    const verdict = (await policy({ fingerprint: fingerprintOf(rsa) })).check(ed, new Set());
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.error.code).toBe('SSH_HOST_KEY_MISMATCH');
    expect(verdict.error.message).toContain(fingerprintOf(rsa));
    expect(verdict.error.message).toContain(fingerprintOf(ed));
    expect(verdict.retryWithoutKeyType).toBe('ssh-ed25519');

    const sameType = (await policy({ knownHosts: line(other) })).check(ed, new Set());
    expect(sameType).toMatchObject({ ok: false, retryWithoutKeyType: undefined });
  });

  it('offers pinned key types first', async () => {
    const rsaPinned = await policy({ knownHosts: line(rsa) });
    expect(rsaPinned.algorithms(new Set()).slice(0, 3)).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
    expect(rsaPinned.algorithms(new Set(['ssh-rsa']))).not.toContain('ssh-rsa');
  });

  it('ignores lines for other hosts, and without a pin refuses unless trust on first use is on', async () => {
    const unknown = (await policy({ knownHosts: line(ed, 'elsewhere.example.com') })).check(
      ed,
      new Set(),
    );
    expect(unknown).toMatchObject({ ok: false });
    if (!unknown.ok) {
      expect(unknown.error.code).toBe('SSH_HOST_KEY_UNKNOWN');
      expect(unknown.error.hint).toContain(fingerprintOf(ed));
      expect(unknown.error.hint).toContain(line(ed));
    }
    const tofu = (await policy({ trustOnFirstUse: true })).check(ed, new Set());
    expect(tofu).toMatchObject({ ok: true, trustedOnFirstUse: true, knownHostsLine: line(ed) });
    const tofuOverPin = (
      await policy({ trustOnFirstUse: true, fingerprint: fingerprintOf(other) })
    ).check(ed, new Set());
    expect(tofuOverPin.ok).toBe(false);
  });

  it('refuses revoked keys even when pinned, and treats a missing known_hosts file as empty', async () => {
    const revoked = await policy({ knownHosts: `${line(ed)}\n@revoked ${line(ed)}` });
    expect(revoked.check(ed, new Set())).toMatchObject({
      ok: false,
      error: { code: 'SSH_HOST_KEY_MISMATCH' },
    });
    const missing = await policy({ knownHostsFile: '/nonexistent/sltest/known_hosts' });
    const verdict = missing.check(ed, new Set());
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.error.message).toContain('/nonexistent/sltest/known_hosts');
  });

  it('with a fingerprint pin, accepts no other key: known_hosts lines and files never vouch (regression)', async () => {
    // The server shows `ed`; the pin names `other`; known_hosts (text and file) lists `ed`.
    const dir = await mkdtemp(join(tmpdir(), 'sltest-pin-'));
    try {
      const file = join(dir, 'known_hosts');
      await writeFile(file, `${line(ed)}\n`);
      const pinnedOther = await policy({
        fingerprint: fingerprintOf(other),
        knownHosts: line(ed),
        knownHostsFile: file,
      });
      const verdict = pinnedOther.check(ed, new Set());
      expect(verdict).toMatchObject({ ok: false, error: { code: 'SSH_HOST_KEY_MISMATCH' } });
      if (!verdict.ok) expect(verdict.error.message).toContain('the pinned fingerprint');
      expect(pinnedOther.sources).toBe('the pinned fingerprint');
      // A file that cannot be read is not even opened when a fingerprint is pinned.
      const unreadable = await policy({ fingerprint: fingerprintOf(ed), knownHostsFile: dir });
      expect(unreadable.check(ed, new Set())).toMatchObject({ ok: true });
      await expect(policy({ knownHostsFile: dir })).rejects.toMatchObject({
        code: 'SSH_HOST_KEY_PIN_INVALID',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
