import { createHmac, timingSafeEqual } from 'node:crypto';
import { RemoteError } from './errors.js';
import { keyTypeOf } from './ssh-key-blob.js';

/** One usable line of a known_hosts file. */
export interface KnownHostEntry {
  /** `revoked` keys are refused even when another line pins them; CA lines are skipped. */
  marker: 'revoked' | undefined;
  /** The host patterns field: `host,[host]:2222,*.example.com,!bad` or a hashed `|1|salt|hash`. */
  hosts: string;
  keyType: string;
  key: Buffer;
  /** `file:line` (or `line N`) so errors can point at it. */
  where: string;
}

/**
 * Parses known_hosts text (OpenSSH `sshd(8)` format). Comments and blank lines
 * are skipped, `@cert-authority` lines are ignored (certificates are not
 * supported); a malformed line is an error naming its file and line.
 */
export function parseKnownHosts(text: string, source?: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = source ? `${source}:${index + 1}` : `known_hosts line ${index + 1}`;
    const fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0]?.startsWith('@')) marker = fields.shift();
    if (marker === '@cert-authority') continue;
    if (marker !== undefined && marker !== '@revoked') {
      malformed(where, `unknown marker ${marker}`);
    }
    const [hosts, keyType, base64] = fields;
    if (!hosts || !keyType || !base64) {
      malformed(where, 'expected "host-patterns key-type base64-key [comment]"');
    }
    const key = Buffer.from(base64, 'base64');
    if (key.length === 0 || keyTypeOf(key) !== keyType) {
      malformed(where, `the key is not valid base64 of a ${keyType} public key`);
    }
    entries.push({ marker: marker ? 'revoked' : undefined, hosts, keyType, key, where });
  }
  return entries;
}

/** The name OpenSSH looks up in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Whether an entry's host patterns select `name` (as made by `knownHostsName`). */
export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.startsWith('|1|')) return hashedMatches(entry.hosts, name);
  let matched = false;
  for (const pattern of entry.hosts.split(',')) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (!globMatches(body.toLowerCase(), name.toLowerCase())) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, as written by `ssh-keygen -H`. */
function hashedMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** OpenSSH's `match_pattern`: `*` any run of characters, `?` exactly one. */
function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

function malformed(where: string, reason: string): never {
  throw new RemoteError({
    code: 'SSH_HOST_KEY_PIN_INVALID',
    message: `Malformed known_hosts entry at ${where}: ${reason}.`,
    hint: 'Regenerate the line on a trusted machine with ssh-keyscan and compare its fingerprint (ssh-keygen -lf) with the server.',
  });
}
