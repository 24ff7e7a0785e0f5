import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import { RemoteError } from './errors.js';

/** A private key ready for ssh2, with where it came from (never its content) for messages. */
export interface LoadedPrivateKey {
  key: Buffer;
  passphrase: string | undefined;
  source: string;
  keyType: string;
}

/**
 * Reads a private key (OpenSSH or PEM; RSA, ECDSA or ed25519) from a file or
 * from text such as the guide's `SSH_PRIVATE_KEY` secret: a missing trailing
 * newline, CRLF line ends, surrounding quotes and `\n`-escaped one-line forms
 * are all accepted. Fails with SSH_KEY_INVALID before any connection is made.
 */
export async function loadPrivateKey(options: {
  text?: string | Buffer;
  path?: string;
  passphrase?: string;
}): Promise<LoadedPrivateKey> {
  let raw: string;
  let source: string;
  if (options.path !== undefined) {
    source = `the key file ${options.path}`;
    try {
      raw = await readFile(options.path, 'utf8');
    } catch (error) {
      throw new RemoteError({
        code: 'SSH_KEY_INVALID',
        message: `Cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
        hint: 'Check the path (privateKeyPath, or IdentityFile in ~/.ssh/config) and its permissions.',
        cause: error,
      });
    }
  } else if (options.text !== undefined) {
    source = 'the private key text';
    raw = Buffer.isBuffer(options.text) ? options.text.toString('utf8') : options.text;
  } else {
    throw new RemoteError({
      code: 'SSH_KEY_INVALID',
      message: 'No private key was given.',
      hint: 'Pass privateKey (the key text, e.g. process.env.SSH_PRIVATE_KEY) or privateKeyPath.',
    });
  }

  const key = Buffer.from(normalizeKeyText(raw), 'utf8');
  const parsed = ssh2.utils.parseKey(key, options.passphrase);
  if (parsed instanceof Error)
    throw keyError(source, parsed.message, options.passphrase !== undefined);
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!first || first.getPrivatePEM() === null) {
    throw new RemoteError({
      code: 'SSH_KEY_INVALID',
      message: `${capitalize(source)} is a public key, not a private key.`,
      hint: 'Put the private half (the file without .pub, starting with -----BEGIN) into the secret.',
    });
  }
  return { key, passphrase: options.passphrase, source, keyType: first.type };
}

/** Undoes what CI secret stores and copy-paste do to a PEM/OpenSSH key. */
export function normalizeKeyText(raw: string): string {
  let text = raw.trim();
  const quoted = /^(['"])([\s\S]*)\1$/.exec(text);
  if (quoted?.[2] !== undefined) text = quoted[2].trim();
  if (!text.includes('\n') && text.includes('\\n')) text = text.replace(/\\r\\n|\\n/g, '\n');
  text = text.replace(/\r\n?/g, '\n');
  // Indentation from YAML block scalars is not part of the key.
  text = text
    .split('\n')
    .map((line) => line.trim())
    .join('\n');
  return `${text}\n`;
}

function keyError(source: string, reason: string, hadPassphrase: boolean): RemoteError {
  const aboutPassphrase = /passphrase|encrypted|decrypt|bad decrypt/i.test(reason);
  let hint = 'Give the whole private key, from its -----BEGIN line to its -----END line.';
  if (aboutPassphrase) {
    hint = hadPassphrase
      ? 'The passphrase does not open this key; check the passphrase secret.'
      : 'The key is encrypted: pass its passphrase (passphrase option), or use ssh-agent.';
  }
  return new RemoteError({
    code: 'SSH_KEY_INVALID',
    message: `Cannot use ${source}: ${reason.replace(/[\r\n]+/g, ' ').slice(0, 200)}.`,
    hint,
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
