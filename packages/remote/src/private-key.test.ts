import { generateKeyPairSync } from 'node:crypto';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey, normalizeKeyText } from './private-key.js';

const ed25519 = ssh2.utils.generateKeyPairSync('ed25519').private;
const encrypted = ssh2.utils.generateKeyPairSync('ecdsa', {
  bits: 256,
  passphrase: 'sltest-pass',
  cipher: 'aes256-ctr',
}).private;
const rsaPem = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
}).privateKey;

describe('normalizeKeyText', () => {
  it('undoes what secret stores and copy-paste do', () => {
    const expected = `${ed25519.trim()}\n`;
    expect(normalizeKeyText(ed25519.trim())).toBe(expected);
    expect(normalizeKeyText(ed25519.trim().replaceAll('\n', '\\n'))).toBe(expected);
    expect(normalizeKeyText(ed25519.replaceAll('\n', '\r\n'))).toBe(expected);
    expect(normalizeKeyText(`'${ed25519}'`)).toBe(expected);
    expect(
      normalizeKeyText(
        ed25519
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      ),
    ).toBe(expected);
  });
});

describe('loadPrivateKey', () => {
  it('loads OpenSSH and PEM keys, and encrypted ones with their passphrase', async () => {
    expect((await loadPrivateKey({ text: ed25519 })).keyType).toBe('ssh-ed25519');
    expect((await loadPrivateKey({ text: rsaPem.replaceAll('\n', '\\n') })).keyType).toBe(
      'ssh-rsa',
    );
    expect((await loadPrivateKey({ text: encrypted, passphrase: 'sltest-pass' })).keyType).toBe(
      'ecdsa-sha2-nistp256',
    );
  });

  it('explains a missing or wrong passphrase without repeating it', async () => {
    await expect(loadPrivateKey({ text: encrypted })).rejects.toMatchObject({
      code: 'SSH_KEY_INVALID',
      hint: expect.stringMatching(/encrypted.*passphrase/),
    });
    const wrong = await loadPrivateKey({ text: encrypted, passphrase: 'sltest-not-it' }).catch(
      (error) => error,
    );
    expect(wrong).toMatchObject({
      code: 'SSH_KEY_INVALID',
      hint: expect.stringMatching(/passphrase does not open/),
    });
    expect(`${wrong.message}${wrong.hint}`).not.toContain('sltest-not-it');
  });

  it('refuses public keys, garbage and unreadable files, never echoing key text', async () => {
    const publicKey = ssh2.utils.generateKeyPairSync('ed25519').public;
    await expect(loadPrivateKey({ text: publicKey })).rejects.toThrow(
      /public key, not a private key/,
    );
    const garbage = await loadPrivateKey({ text: 'sltest-garbage-material' }).catch(
      (error) => error,
    );
    expect(garbage.code).toBe('SSH_KEY_INVALID');
    expect(`${garbage.message}${garbage.hint}`).not.toContain('sltest-garbage-material');
    await expect(loadPrivateKey({ path: '/nonexistent/sltest/id_ed25519' })).rejects.toThrow(
      /Cannot read the key file \/nonexistent\/sltest\/id_ed25519: ENOENT/,
    );
    await expect(loadPrivateKey({})).rejects.toThrow(/No private key was given/);
  });
});
