import type { Remote } from '@swarmlift/remote';
import { StaticSyncError } from './errors.js';

/** What the server's target folder looks like before a sync or a rollback. */
export interface RemoteState {
  /** The target with symlinks resolved (`realpath -m`), to check it against the allowed prefixes. */
  realTarget: string;
  targetExists: boolean;
  /** The user can create or change everything the sync writes. */
  writable: boolean;
  /** `tar` and `gzip` are on the server's PATH. */
  hasTar: boolean;
  /** `static` is the release link, a plain folder left by scp, something else, or absent. */
  staticKind: 'link' | 'dir' | 'other' | 'none';
  /** The release `static` points to (`releases/<name>`), if any. */
  current: string | undefined;
  /** Release folders present (not the hidden `.incoming-*` ones). */
  releases: string[];
  /** Releases in the order they went live, oldest first (from `<target>/history`). */
  history: string[];
  /** The current release's manifest text, when it has one (not read with `manifest: false`). */
  currentManifest: string | undefined;
  /** When each release's manifest was written (seconds since the epoch, the server's clock). */
  manifestTimes: Map<string, number>;
  /** The server's clock when the state was read (seconds since the epoch). */
  now: number | undefined;
}

// Read-only: it creates nothing, so a refused target leaves the server untouched.
// For a target that does not exist yet, the nearest existing parent must be writable.
const STATE_SCRIPT = `
t=$1 want_manifest=$2
p=$t
while [ ! -e "$p" ] && [ ! -L "$p" ]; do p=$(dirname -- "$p"); done
echo "real=$(realpath -m -- "$t")"
w=1
[ -w "$p" ] && [ -x "$p" ] || w=0
if [ "$p" = "$t" ]; then
  if [ -d "$t" ]; then echo exists=1; else echo exists=file; fi
  for d in releases manifests history; do
    if [ -e "$t/$d" ] && [ ! -w "$t/$d" ]; then w=0; fi
  done
else
  echo exists=0
fi
echo "writable=$w"
if command -v tar >/dev/null 2>&1 && command -v gzip >/dev/null 2>&1; then echo tar=1; else echo tar=0; fi
cd -- "$t" 2>/dev/null || exit 0
cur=
if [ -L static ]; then
  echo static=link
  l=$(readlink static)
  case $l in releases/*) cur=\${l#releases/}; cur=\${cur%/};; esac
  echo "current=$cur"
elif [ -d static ]; then echo static=dir
elif [ -e static ]; then echo static=other
else echo static=none
fi
if [ -d releases ]; then
  for d in releases/*; do [ -d "$d" ] && echo "release=\${d#releases/}"; done
fi
if [ -f history ]; then sed 's/^/history=/' history; fi
echo "now=$(date +%s)"
if [ -d manifests ]; then
  for m in manifests/*.tsv; do
    case $m in manifests/.incoming-*) continue;; esac
    [ -f "$m" ] && echo "mtime=$(stat -c %Y -- "$m" 2>/dev/null) \${m#manifests/}"
  done
fi
if [ "$want_manifest" = 1 ] && [ -n "$cur" ] && [ -f "manifests/$cur.tsv" ]; then
  echo --manifest--
  cat -- "manifests/$cur.tsv"
fi
`;

/**
 * Reads the target's state in one command. `manifest: false` skips the live release's
 * manifest (up to a megabyte for 10,000 files) when only names are needed.
 */
export async function readRemoteState(
  remote: Remote,
  target: string,
  signal?: AbortSignal,
  options: { manifest?: boolean } = {},
): Promise<RemoteState> {
  const wantManifest = options.manifest === false ? '0' : '1';
  const { stdout } = await remote.exec(['sh', '-c', STATE_SCRIPT, 'sh', target, wantManifest], {
    idempotent: true,
    signal,
  });
  const marker = stdout.indexOf('--manifest--\n');
  const head = marker === -1 ? stdout : stdout.slice(0, marker);
  const state: RemoteState = {
    realTarget: target,
    targetExists: false,
    writable: false,
    hasTar: false,
    staticKind: 'none',
    current: undefined,
    releases: [],
    history: [],
    currentManifest: marker === -1 ? undefined : stdout.slice(marker + '--manifest--\n'.length),
    manifestTimes: new Map(),
    now: undefined,
  };
  for (const line of head.split('\n')) {
    const eq = line.indexOf('=');
    if (eq === -1) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'real') state.realTarget = value;
    else if (key === 'exists') {
      if (value === 'file') {
        throw new StaticSyncError({
          code: 'STATIC_TARGET_INVALID',
          message: `target ${target} exists on the server but is not a folder.`,
          hint: 'Choose another target, or remove that file on the server. Nothing was uploaded.',
        });
      }
      state.targetExists = value === '1';
    } else if (key === 'writable') state.writable = value === '1';
    else if (key === 'tar') state.hasTar = value === '1';
    else if (key === 'static') state.staticKind = value as RemoteState['staticKind'];
    else if (key === 'current') state.current = value || undefined;
    else if (key === 'release') state.releases.push(value);
    else if (key === 'history' && value) state.history.push(value);
    else if (key === 'now') state.now = toSeconds(value);
    else if (key === 'mtime') {
      // "<seconds> <release>.tsv"
      const space = value.indexOf(' ');
      const seconds = toSeconds(value.slice(0, space));
      const name = value.slice(space + 1).replace(/\.tsv$/, '');
      if (space > 0 && seconds !== undefined && name) state.manifestTimes.set(name, seconds);
    }
  }
  return state;
}

function toSeconds(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
