import type { Remote } from '@swarmlift/remote';
import { StaticSyncError } from './errors.js';
import { formatManifestLine, type ManifestEntry } from './manifest.js';

/*
 * The server side of a sync, as small POSIX sh scripts run through
 * remote.exec (argv, never a string built here: paths arrive as $1, $2, …).
 * Layout under <target>:
 *   static -> releases/<release>    the link nginx's `alias <target>/static/;` follows
 *   releases/<release>/             complete copies; unchanged files are hard links
 *   releases/.incoming-<release>/   an upload in progress (removed by the next run)
 *   manifests/<release>.tsv         sha256, size, path of every file
 *   history                         releases in the order they went live
 */

export function stagingFolder(target: string, release: string): string {
  return `${target}/releases/.incoming-${release}`;
}

// Leftovers of an interrupted run are removed first; the new release starts as a
// hard-link copy of the base (no bytes copied; -r, not -a: folders need no copied
// attributes, and it is twice as fast for 10,000 files).
const PREPARE_SCRIPT = `set -eu
t=$1 r=$2 base=$3
mkdir -p -- "$t/releases" "$t/manifests"
cd -- "$t"
for d in releases/.incoming-* manifests/.incoming-*; do
  if [ -e "$d" ] || [ -L "$d" ]; then rm -rf -- "$d"; fi
done
s="releases/.incoming-$r"
if [ -n "$base" ]; then cp -rl -- "releases/$base" "$s"; else mkdir -- "$s"; fi
`;

export async function prepareStaging(
  remote: Remote,
  options: { target: string; release: string; base: string | undefined; signal?: AbortSignal },
): Promise<void> {
  await remote.exec(
    ['sh', '-c', PREPARE_SCRIPT, 'sh', options.target, options.release, options.base ?? ''],
    { signal: options.signal },
  );
}

// Changed and removed paths are unlinked from the staged copy, so the upload writes new
// files instead of writing through inodes shared with the live release.
const UNLINK_SCRIPT = `set -eu
cd -- "$1"
xargs -0 -r rm -rf --
`;

export async function unlinkFromStaging(
  remote: Remote,
  options: { target: string; release: string; paths: readonly string[]; signal?: AbortSignal },
): Promise<void> {
  if (options.paths.length === 0) return;
  await remote.exec(
    ['sh', '-c', UNLINK_SCRIPT, 'sh', stagingFolder(options.target, options.release)],
    { stdin: options.paths.map((path) => `${path}\0`).join(''), signal: options.signal },
  );
}

// The new manifest is derived on the server from the base's (minus dropped lines, plus
// the uploaded files' lines), so unchanged files cost no bytes on the wire. The count
// check catches a release folder that does not match its manifest before it goes live.
const FINALIZE_SCRIPT = `set -eu
t=$1 r=$2 base=$3 n=$4
cd -- "$t"
s="releases/.incoming-$r"
m="manifests/.incoming-$r"
cat > "$m.delta"
grep '^-' "$m.delta" | cut -c2- > "$m.drop" || true
grep '^+' "$m.delta" | cut -c2- > "$m.add" || true
if [ -n "$base" ] && [ -f "manifests/$base.tsv" ]; then
  grep -v -x -F -f "$m.drop" "manifests/$base.tsv" > "$m.tsv" || [ $? -eq 1 ]
else
  : > "$m.tsv"
fi
cat "$m.add" >> "$m.tsv"
have=$(find "$s" -type f | wc -l)
lines=$(wc -l < "$m.tsv")
if [ "$have" -ne "$n" ] || [ "$lines" -ne "$n" ]; then
  echo "release folder has $have files and manifest $lines lines; expected $n" >&2
  exit 3
fi
mv -T -- "$s" "releases/$r"
mv -T -- "$m.tsv" "manifests/$r.tsv"
rm -f -- "$m.delta" "$m.drop" "$m.add"
`;

export async function finalizeStaging(
  remote: Remote,
  options: {
    target: string;
    release: string;
    base: string | undefined;
    expectedFiles: number;
    drop: readonly ManifestEntry[];
    add: readonly ManifestEntry[];
    signal?: AbortSignal;
  },
): Promise<void> {
  const delta =
    options.drop.map((entry) => `-${formatManifestLine(entry)}\n`).join('') +
    options.add.map((entry) => `+${formatManifestLine(entry)}\n`).join('');
  await remote.exec(
    [
      'sh',
      '-c',
      FINALIZE_SCRIPT,
      'sh',
      options.target,
      options.release,
      options.base ?? '',
      String(options.expectedFiles),
    ],
    { stdin: delta, signal: options.signal },
  );
}

// `ln -s` to a temporary name, then rename(2) over `static` (mv -T): nginx sees the old
// or the new release, never a missing or half-written one. A plain folder (the guide's
// scp) cannot be renamed over; it moves to releases/legacy-<time> first, and the link
// takes its place right after (two renames in one process, microseconds apart).
// With `verify` (activateStatic) the release must also be complete: its manifest present
// and as many files in the folder as manifest lines (what finalize checked when staging).
// Exit 5: no such release folder; 6: incomplete; the link is untouched in both cases.
const SWITCH_HEAD = `set -eu
t=$1 r=$2
cd -- "$t"
if [ ! -d "releases/$r" ] || [ -L "releases/$r" ]; then echo "releases/$r does not exist" >&2; exit 5; fi
`;

// Only sent by activateStatic (a sync checked its folder against the manifest a moment ago).
const SWITCH_VERIFY = `if [ ! -f "manifests/$r.tsv" ]; then echo "manifests/$r.tsv is missing" >&2; exit 6; fi
have=$(find "releases/$r" -type f | wc -l)
lines=$(wc -l < "manifests/$r.tsv")
if [ "$have" -ne "$lines" ]; then
  echo "releases/$r holds $have files, its manifest lists $lines" >&2
  exit 6
fi
`;

const SWITCH_BODY = `tmp=".static-next-$$"
rm -f -- "$tmp"
ln -s -- "releases/$r" "$tmp"
if [ -d static ] && [ ! -L static ]; then
  legacy="legacy-$(date -u +%Y%m%dT%H%M%SZ)"
  mv -T -- static "releases/$legacy"
  mv -T -- "$tmp" static
  echo "$legacy" >> history
  echo "migrated=$legacy"
elif [ -e static ] && [ ! -L static ]; then
  rm -f -- "$tmp"
  echo "$t/static is neither a folder nor a symlink" >&2
  exit 4
else
  mv -T -- "$tmp" static
fi
last=$(tail -n 1 history 2>/dev/null || true)
if [ "$last" != "$r" ]; then echo "$r" >> history; fi
`;

/** How long a switch may take before the sync stops waiting for it (it is one rename). */
export const SWITCH_TIMEOUT_MS = 30_000;

/**
 * Points `<target>/static` at `releases/<release>`; returns the legacy release a plain
 * folder became. Never given the caller's abort signal: killing the script between the
 * two renames of a legacy folder would leave no `static` at all. It is bounded by
 * SWITCH_TIMEOUT_MS instead, for a connection that hangs. With `verify`, a release
 * without its manifest or with missing files is refused (STATIC_RELEASE_INCOMPLETE).
 */
export async function switchLive(
  remote: Remote,
  options: { target: string; release: string; verify?: boolean; host?: string },
): Promise<{ migratedTo: string | undefined }> {
  const { target, release } = options;
  const where = options.host ? `${options.host}:${target}` : target;
  let result: { stdout: string; stderr: string; exitCode: number | null };
  try {
    result = await remote.exec(
      [
        'sh',
        '-c',
        SWITCH_HEAD + (options.verify ? SWITCH_VERIFY : '') + SWITCH_BODY,
        'sh',
        target,
        release,
      ],
      { timeoutMs: SWITCH_TIMEOUT_MS, reject: false },
    );
  } catch (error) {
    throw new StaticSyncError({
      code: 'STATIC_SWITCH_FAILED',
      message: `Switching ${target}/static to releases/${release} failed: ${(error as Error).message}`,
      hint: `The server did not answer; the link points either to the release it pointed to before or to releases/${release} (the switch is one rename). Check it on the server and run the sync or rollback again.`,
      cause: error,
    });
  }
  if (result.exitCode === 0) {
    const migrated = /^migrated=(.+)$/m.exec(result.stdout)?.[1];
    return { migratedTo: migrated };
  }
  const detail = result.stderr.trim().split('\n').slice(-3).join('; ');
  if (result.exitCode === 5) {
    throw new StaticSyncError({
      code: 'STATIC_RELEASE_MISSING',
      message: `Release ${release} is not in ${where}/releases (${detail}).`,
      hint: 'Stage it first (syncStatic with activate: false), or pick one that readStaticState lists. The link was not changed.',
    });
  }
  if (result.exitCode === 6) {
    throw new StaticSyncError({
      code: 'STATIC_RELEASE_INCOMPLETE',
      message: `Release ${release} in ${where}/releases is incomplete: ${detail}.`,
      hint: 'Stage it again with syncStatic (a release folder without its manifest, or with files missing, is never switched to; a legacy folder goes live with rollbackStatic). The link was not changed.',
    });
  }
  throw new StaticSyncError({
    code: 'STATIC_SWITCH_FAILED',
    message: `Switching ${target}/static to releases/${release} failed: exit code ${String(result.exitCode)}${detail ? ` (${detail})` : ''}`,
    hint:
      result.exitCode === null
        ? `The switch was killed on the server; the link points either to the release it pointed to before or to releases/${release}. Check it on the server and run the sync or rollback again.`
        : 'The link was not changed (rename is all or nothing); check the target folder on the server and run the sync or rollback again.',
  });
}

const REMOVE_SCRIPT = `set -eu
t=$1
shift
cd -- "$t"
for r in "$@"; do rm -rf -- "releases/$r" "manifests/$r.tsv"; done
`;

/** Prunes old releases; bounded in time, never interrupted half-way by the caller's signal. */
export async function removeReleases(
  remote: Remote,
  options: { target: string; releases: readonly string[] },
): Promise<void> {
  if (options.releases.length === 0) return;
  await remote.exec(['sh', '-c', REMOVE_SCRIPT, 'sh', options.target, ...options.releases], {
    timeoutMs: CLEANUP_TIMEOUT_MS,
  });
}

/** How long removing a staged or pruned release may take. */
export const CLEANUP_TIMEOUT_MS = 120_000;

// Removes everything a sync of release $2 created that is not live: the staging folder, the
// finished but never switched release folder, and their manifests. A command of the
// interrupted sync (a `cp -rl` whose shell was killed) may still be writing for a moment,
// so the removal repeats until two checks in a row find nothing.
const DISCARD_SCRIPT = `set -u
t=$1 r=$2
cd -- "$t" || exit 0
if [ -L static ] && [ "$(readlink static)" = "releases/$r" ]; then
  echo "releases/$r is live; not removed" >&2
  exit 4
fi
clean=0
i=0
while [ $clean -lt 2 ]; do
  rm -rf -- "releases/.incoming-$r" "releases/$r" "manifests/$r.tsv" \
    "manifests/.incoming-$r.tsv" "manifests/.incoming-$r.delta" \
    "manifests/.incoming-$r.drop" "manifests/.incoming-$r.add" 2>/dev/null
  if [ -e "releases/.incoming-$r" ] || [ -e "releases/$r" ]; then clean=0; else clean=$((clean + 1)); fi
  i=$((i + 1))
  if [ $i -ge 100 ]; then echo "releases/.incoming-$r or releases/$r could not be removed" >&2; exit 3; fi
  sleep 0.1
done
`;

/**
 * Removes a release this sync staged but did not switch to (its staging folder, or the
 * finished folder and manifest). Refuses to remove the live release.
 */
export async function discardRelease(
  remote: Remote,
  options: { target: string; release: string },
): Promise<void> {
  await remote.exec(['sh', '-c', DISCARD_SCRIPT, 'sh', options.target, options.release], {
    timeoutMs: CLEANUP_TIMEOUT_MS,
  });
}
export async function readManifestText(
  remote: Remote,
  options: { target: string; release: string; signal?: AbortSignal },
): Promise<string | undefined> {
  const result = await remote.exec(
    ['cat', '--', `${options.target}/manifests/${options.release}.tsv`],
    { reject: false, idempotent: true, signal: options.signal },
  );
  return result.exitCode === 0 ? result.stdout : undefined;
}
