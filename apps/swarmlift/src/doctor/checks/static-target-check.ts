import { fail, pass, type Verdict } from '../check-result.js';

/**
 * The probe run on the manager (argv: sh -c SCRIPT sh TARGET PROBE_NAME):
 * creates and removes one file in STATIC_TARGET, or — when it does not exist
 * yet — in the nearest folder above it that does (a deploy creates the rest).
 * It prints one word and the folder probed; it leaves nothing behind.
 */
export const STATIC_PROBE_SCRIPT = `t=$1; probe=$2
if [ -e "$t" ] && [ ! -d "$t" ]; then echo "notdir $t"; exit 0; fi
d=$t
while [ ! -d "$d" ]; do d=$(dirname "$d"); done
if ( : > "$d/$probe" ) 2>/dev/null; then
  rm -f "$d/$probe"
  if [ "$d" = "$t" ]; then echo "writable $d"; else echo "creatable $d"; fi
else
  echo "denied $d"
fi`;

/** STATIC_TARGET writable by the SSH user, judged from the probe's output. */
export function staticTargetVerdict(options: {
  target: string;
  user: string;
  exitCode: number;
  stdout: string;
}): Verdict {
  const { target, user } = options;
  const line = options.stdout.trim().split('\n').at(-1) ?? '';
  const [word, ...rest] = line.split(' ');
  const dir = rest.join(' ');
  if (options.exitCode === 0 && word === 'writable')
    return pass(`${user} can write to ${target} (a probe file was created and removed)`);
  if (options.exitCode === 0 && word === 'creatable')
    return pass(`${target} does not exist yet; ${user} can create it in ${dir}`);
  if (word === 'notdir')
    return fail(
      `${target} exists on the manager but is not a folder`,
      'Point STATIC_TARGET at a folder (your nginx serves STATIC_TARGET/static), or remove the file.',
    );
  if (word === 'denied')
    return fail(
      `${user} cannot write to ${dir === target ? target : `${dir} (to create ${target})`}`,
      `On the manager: sudo mkdir -p ${target} && sudo chown ${user} ${target}`,
    );
  return fail(
    `the probe on the manager did not run (exit ${options.exitCode})`,
    'Check that SSH_USER has a POSIX shell (sh) on the manager.',
  );
}

/**
 * STATIC_TARGET on several static hosts (STATIC_HOSTS): passes when it passes
 * on every host; otherwise fails naming each host that failed, with the first
 * failure's hint. A host that could not be reached is a failure too.
 */
export function everyHostVerdict(results: readonly { host: string; verdict: Verdict }[]): Verdict {
  const failed = results.filter((one) => one.verdict.status !== 'ok');
  if (failed.length === 0) {
    return pass(
      `writable on all ${results.length} static hosts (${results.map((one) => one.host).join(', ')})`,
    );
  }
  return fail(
    failed.map((one) => `${one.host}: ${one.verdict.message}`).join('; '),
    failed[0]?.verdict.hint ?? 'Fix the host named, or take it out of STATIC_HOSTS.',
  );
}
