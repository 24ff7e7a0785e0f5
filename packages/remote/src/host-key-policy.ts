import { readFile } from 'node:fs/promises';
import { HostKeyMismatchError, HostKeyUnknownError, RemoteError } from './errors.js';
import {
  entryMatches,
  type KnownHostEntry,
  knownHostsName,
  parseKnownHosts,
} from './known-hosts.js';
import {
  algorithmsForKeyType,
  fingerprintOf,
  HOST_KEY_ALGORITHMS,
  keyTypeOf,
} from './ssh-key-blob.js';

/**
 * How the server's host key is verified. At least one pin, or `trustOnFirstUse`,
 * is required. A fingerprint pin is the only key accepted: with `fingerprint`
 * given, no known_hosts file is read and no known_hosts line vouches for a key
 * (lines given in `knownHosts` still count for their `@revoked` entries).
 */
export interface HostKeyOptions {
  /** SHA256 fingerprints as `ssh-keygen -lf` prints them (`SHA256:…`, or its whole output line). */
  fingerprint?: string | readonly string[] | undefined;
  /** known_hosts lines (e.g. from a CI secret); hashed entries are supported. */
  knownHosts?: string | undefined;
  /** known_hosts files; hashed entries are supported. A missing file counts as empty. */
  knownHostsFile?: string | readonly string[] | undefined;
  /**
   * Accept an unpinned host's key and warn (`ssh -o StrictHostKeyChecking=accept-new`);
   * with `knownHostsFile`, the key is appended to its first file. A key that
   * differs from a pinned one is still refused.
   */
  trustOnFirstUse?: boolean | undefined;
}

export type HostKeyVerdict =
  | {
      ok: true;
      fingerprint: string;
      keyType: string;
      trustedOnFirstUse: boolean;
      knownHostsLine: string;
    }
  | { ok: false; error: RemoteError; retryWithoutKeyType: string | undefined };

export interface HostKeyPolicy {
  /** What the pins came from, for messages. */
  readonly sources: string;
  /** Host key algorithms to offer: pinned key types first, `excluded` types left out. */
  algorithms(excluded: ReadonlySet<string>): string[];
  /** Judges the key the server proved it holds. */
  check(blob: Buffer, tried: ReadonlySet<string>): HostKeyVerdict;
}

interface FingerprintPin {
  fingerprint: string;
  keyType: string | undefined;
}

const FINGERPRINT = /SHA256:([A-Za-z0-9+/]{43})=?/;
const KEYGEN_TYPES: Record<string, string> = {
  ED25519: 'ssh-ed25519',
  RSA: 'ssh-rsa',
  'ECDSA-256': 'ecdsa-sha2-nistp256',
  'ECDSA-384': 'ecdsa-sha2-nistp384',
  'ECDSA-521': 'ecdsa-sha2-nistp521',
};

/** Reads `ssh-keygen -lf` output or a bare `SHA256:` fingerprint. */
export function parseFingerprint(input: string): FingerprintPin {
  const match = FINGERPRINT.exec(input.trim());
  if (!match) {
    const md5 = /^(MD5:)?([0-9a-f]{2}:){15}[0-9a-f]{2}$/i.test(input.trim());
    throw new RemoteError({
      code: 'SSH_HOST_KEY_PIN_INVALID',
      message: `The host key fingerprint "${input.trim().slice(0, 80)}" is not a SHA256 fingerprint.`,
      hint: md5
        ? 'MD5 fingerprints are too weak to pin; print the SHA256 one with ssh-keygen -E sha256 -lf KEY.pub.'
        : 'Give what ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub prints on the server, e.g. SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8.',
    });
  }
  const bits = /^(\d+)\s/.exec(input.trim())?.[1];
  const label = /\(([A-Z0-9-]+)\)\s*$/.exec(input.trim())?.[1];
  const keyType = label ? (KEYGEN_TYPES[label] ?? KEYGEN_TYPES[`${label}-${bits}`]) : undefined;
  return { fingerprint: `SHA256:${match[1]}`, keyType };
}

/** Builds the policy for one host, reading any known_hosts files now. */
export async function loadHostKeyPolicy(options: {
  hostKey: HostKeyOptions;
  host: string;
  port: number;
}): Promise<HostKeyPolicy> {
  const { hostKey } = options;
  const name = knownHostsName(options.host, options.port);
  const fingerprints = toList(hostKey.fingerprint).map(parseFingerprint);
  // A fingerprint pin is the only key accepted: known_hosts files are then not read at all.
  const pinned = fingerprints.length > 0;
  const files = pinned ? [] : toList(hostKey.knownHostsFile);
  const entries: KnownHostEntry[] = [];
  const sources: string[] = pinned ? ['the pinned fingerprint'] : [];
  if (hostKey.knownHosts?.trim()) {
    entries.push(...parseKnownHosts(hostKey.knownHosts));
    if (!pinned) sources.push('the given known_hosts lines');
  }
  for (const file of files) {
    entries.push(...parseKnownHosts(await readIfExists(file), file));
    sources.push(file);
  }
  const forHost = entries.filter((entry) => entryMatches(entry, name));
  const revoked = forHost.filter((entry) => entry.marker === 'revoked');
  // With a fingerprint pin, known_hosts lines only ever revoke.
  const keys = pinned ? [] : forHost.filter((entry) => entry.marker === undefined);
  const pinnedTypes = [
    ...new Set([...keys.map((k) => k.keyType), ...fingerprints.flatMap((f) => f.keyType ?? [])]),
  ];
  const source = sources.length > 0 ? sources.join(' and ') : 'no pin';

  return {
    sources: source,
    algorithms(excluded) {
      const preferred = pinnedTypes.flatMap(algorithmsForKeyType);
      const order = [...new Set([...preferred, ...HOST_KEY_ALGORITHMS])];
      return order.filter(
        (algorithm) =>
          ![...excluded].some((type) => algorithmsForKeyType(type).includes(algorithm)),
      );
    },
    check(blob, tried) {
      const fingerprint = fingerprintOf(blob);
      const keyType = keyTypeOf(blob);
      const knownHostsLine = `${name} ${keyType} ${blob.toString('base64')}`;
      const revokedEntry = revoked.find((entry) => entry.key.equals(blob));
      if (revokedEntry) {
        return refuse(
          new HostKeyMismatchError({
            host: name,
            expected: ['(none: this key is revoked)'],
            actual: fingerprint,
            keyType,
            source: `the @revoked entry at ${revokedEntry.where}`,
          }),
        );
      }
      if (
        keys.some((entry) => entry.key.equals(blob)) ||
        fingerprints.some((f) => f.fingerprint === fingerprint)
      ) {
        return { ok: true, fingerprint, keyType, trustedOnFirstUse: false, knownHostsLine };
      }
      if (keys.length === 0 && fingerprints.length === 0) {
        if (hostKey.trustOnFirstUse) {
          return { ok: true, fingerprint, keyType, trustedOnFirstUse: true, knownHostsLine };
        }
        return refuse(
          new HostKeyUnknownError({
            host: name,
            fingerprint,
            keyType,
            line: knownHostsLine,
            searched: source,
          }),
        );
      }
      // Pins of a type the server has not shown yet: try again without this type.
      const triedNow = new Set([...tried, keyType]);
      const untriedPins =
        fingerprints.some((f) => f.keyType === undefined || !triedNow.has(f.keyType)) ||
        keys.some((k) => !triedNow.has(k.keyType));
      const pinnedThisType =
        keys.some((k) => k.keyType === keyType) || fingerprints.some((f) => f.keyType === keyType);
      return {
        ok: false,
        retryWithoutKeyType: untriedPins && !pinnedThisType ? keyType : undefined,
        error: new HostKeyMismatchError({
          host: name,
          expected: [
            ...keys.map((k) => `${fingerprintOf(k.key)} (${k.keyType}, ${k.where})`),
            ...fingerprints.map((f) => f.fingerprint),
          ],
          actual: fingerprint,
          keyType,
          source,
        }),
      };
    },
  };
}

function refuse(error: RemoteError): HostKeyVerdict {
  return { ok: false, error, retryWithoutKeyType: undefined };
}

function toList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

async function readIfExists(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new RemoteError({
      code: 'SSH_HOST_KEY_PIN_INVALID',
      message: `Cannot read the known_hosts file ${file}: ${(error as Error).message}`,
      hint: 'Check the path and its permissions.',
      cause: error,
    });
  }
}
